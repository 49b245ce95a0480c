package org.pyql.e2e.tomcat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.pyql.e2e.harness.E2eEnv;
import org.pyql.e2e.harness.Poll;
import org.pyql.e2e.harness.PyqlClient;

/**
 * One node run by {@code scripts/run-tomcat} (which builds the Tomcat WAR and fetches Tomcat 10.1 when needed), with
 * its own port, data directory and log under {@code <pyql.test.workdir>/<name>}. {@link #close()} stops the whole
 * process tree (the script and Tomcat's JVM): SIGTERM, then SIGKILL after 30 s.
 */
final class TomcatNode implements AutoCloseable {
    final String name;
    final int port;
    final Path dir;
    final Path log;
    private final Process process;

    private TomcatNode(String name, int port, Path dir, Process process) {
        this.name = name;
        this.port = port;
        this.dir = dir;
        this.log = dir.resolve("node.log");
        this.process = process;
    }

    static TomcatNode start(String name, Map<String, String> env) {
        int port = freePort();
        Path dir = E2eEnv.workDir().resolve(name);
        try {
            Files.createDirectories(dir.resolve("data"));
            ProcessBuilder pb = new ProcessBuilder(List.of("bash", Path.of("scripts/run-tomcat").toAbsolutePath().toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("node.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Map<String, String> e = pb.environment();
            e.keySet().removeIf(k -> k.startsWith("PYQL_") || k.startsWith("DB_"));
            e.put("PYQL_PORT", Integer.toString(port));
            e.put("PYQL_BIND_ADDRESS", "127.0.0.1");
            e.put("PYQL_DATA_DIR", dir.resolve("data").toString());
            e.put("PYQL_FAST_START", "1");
            String mvn = System.getProperty("pyql.mvn");   // the Maven running this build, for the script's own build step
            if (mvn != null) e.put("PATH", Path.of(mvn).getParent() + ":" + e.getOrDefault("PATH", "/usr/bin:/bin"));
            e.putAll(env);
            return new TomcatNode(name, port, dir, pb.start());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    PyqlClient client() {
        return new PyqlClient(URI.create("http://127.0.0.1:" + port));
    }

    /** Waits for {@code /pyql/live}; the first start includes building the WAR and unpacking Tomcat. */
    TomcatNode awaitLive(Duration timeout) {
        Poll.until(name + " live on Tomcat (log " + log + ")", timeout, Duration.ofMillis(500), () -> {
            if (!process.isAlive()) throw new AssertionError(name + " exited " + process.exitValue() + ":\n" + logTail());
            try {
                PyqlClient.Response r = client().exchange("GET", "/pyql/live", null, null);
                return r.status() == 200 ? r : null;
            } catch (RuntimeException notYet) {
                return null;
            }
        });
        return this;
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);   // Tomcat's JVM: a graceful stop (and Hazelcast's graceful leave)
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                tree.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
