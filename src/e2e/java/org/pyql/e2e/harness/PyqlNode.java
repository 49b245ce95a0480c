package org.pyql.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One pyql node: a Payara Micro process running the WAR, launched exactly like {@code scripts/node-env.sh}
 * ({@code pyql_launch}). Each node has its own directory {@code <pyql.test.workdir>/<name>} holding {@code data/}
 * ({@code PYQL_DATA_DIR}), {@code tmp/} ({@code java.io.tmpdir}, where Payara unpacks ~100 MB) and {@code node.log}
 * (stdout and stderr, appended across restarts with a marker line per start).
 *
 * <p>Life cycle: {@link #start()} launches and waits until {@code GET /pyql/live} answers (failing with the log tail
 * when the process dies or the timeout passes); {@link #stop()} sends SIGTERM and escalates to SIGKILL;
 * {@link #kill()} is SIGKILL; {@link #restart()} stops and starts again on the same port and data directory;
 * {@link #close()} stops and deletes the temp directory (data and log stay for inspection). A JVM shutdown hook kills
 * every node still running, so a failed or interrupted test run leaves no process behind.
 *
 * <pre>{@code
 * try (PyqlNode node = PyqlNode.builder("ep1").role("endpoint").adminPassword("pw")
 *         .database("main", "sqlite:main.db").start()) {
 *     node.admin().get("/db/main/tables").expect(200);
 * }
 * }</pre>
 */
public final class PyqlNode implements AutoCloseable {
    public static final String ADMIN_USER = "admin";
    /** As in scripts/node-env.sh: serial GC and C1 only halve start time on 2 cores. */
    public static final List<String> DEFAULT_JVM_FLAGS =
            List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");
    /** A restart on a busy 2-core machine took 76 s to Payara's "ready" (ConsoleIT, load ~10): 90 s was too tight. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(180);
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** Payara's own start-up line ("Payara Micro 6.2025.10 (build 42) ready in 17,665 (ms)"). */
    private static final String PAYARA_READY = ") ready in ";
    /** How long the application may lag behind Payara's ready line before the start counts as failed. */
    private static final Duration DEPLOY_GRACE = Duration.ofSeconds(5);

    private static final Set<PyqlNode> RUNNING = ConcurrentHashMap.newKeySet();
    private static final Set<String> NAMES = ConcurrentHashMap.newKeySet();
    private static final Set<Integer> PORTS = ConcurrentHashMap.newKeySet();
    private static final HttpClient PROBE = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(PyqlNode::killAllRunning, "pyql-e2e-node-reaper"));
    }

    private final String name;
    private final int port;
    private final Path dir;
    private final Path dataDir;
    private final Path tmpDir;
    private final Path logFile;
    private final String adminPassword;
    private final Map<String, String> env;
    private final List<String> jvmFlags;
    private final List<String> payaraOptions;
    private final boolean noHazelcast;
    private final Duration startupTimeout;
    private final String host;
    private final List<String> launchPrefix;
    private volatile Process process;
    private int starts;

    private PyqlNode(Builder b) {
        this.name = uniqueName(b.name);
        this.port = b.port > 0 ? reservePort(b.port) : freePort();
        this.dir = E2eEnv.workDir().resolve(this.name);
        deleteRecursively(dir);   // a fresh node: leftovers of an earlier run are gone
        this.dataDir = b.dataDir != null ? b.dataDir.toAbsolutePath().normalize() : dir.resolve("data");
        this.tmpDir = dir.resolve("tmp");
        this.logFile = dir.resolve("node.log");
        this.adminPassword = b.adminPassword;
        Map<String, String> e = new LinkedHashMap<>();
        e.put("PYQL_ROLE", b.role);
        e.put("PYQL_PORT", Integer.toString(port));
        e.put("PYQL_DATA_DIR", dataDir.toString());
        if (b.adminPassword != null) e.put("PYQL_CLUSTER_INIT_ADMIN_PW", b.adminPassword);
        if (!b.databases.isEmpty()) e.put("PYQL_DATABASES", String.join(",", b.databases));
        e.putAll(b.env);   // explicit overrides win; a null value removes the variable
        this.env = Collections.synchronizedMap(e);
        this.jvmFlags = List.copyOf(b.jvmFlags);
        this.payaraOptions = List.copyOf(b.payaraOptions);
        this.noHazelcast = b.noHazelcast;
        this.startupTimeout = b.startupTimeout;
        this.host = b.host;
        this.launchPrefix = List.copyOf(b.launchPrefix);
        try {
            Files.createDirectories(dir);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    // ------------------------------------------------------------------ life cycle

    /**
     * Hazelcast's own words when it gives up bootstrapping the CP subsystem: every member that was starting at that
     * moment terminates its Hazelcast instance, and Payara keeps running without the application. Seen in a CI run of
     * 2026-12-01 (ClusterQuorumIT, three nodes started together, all three terminated 2 s after a split vote); see
     * coordination/DESIGN.md, "CP bootstrap gives up".
     */
    static final String CP_DISCOVERY_FAILURE = "Terminating because of CP discovery failure";

    /**
     * Launches the process and waits until {@code /pyql/live} answers; returns this. A start that Hazelcast's CP
     * bootstrap ended is started once more, as a supervisor would (Kubernetes' restart policy, with the liveness
     * probe on {@code /pyql/live}); said loudly in the test output, and a second such failure fails the start.
     */
    public synchronized PyqlNode start() {
        Launch first = launch();
        try {
            awaitLive(first);
        } catch (IllegalStateException e) {
            if (!logSince(first.logOffset()).contains(CP_DISCOVERY_FAILURE)) throw e;
            System.err.printf("[pyql-e2e] node %s: Hazelcast terminated during CP discovery (%s); starting it once more, "
                    + "as a supervisor would%n", name, CP_DISCOVERY_FAILURE);
            if (isRunning()) kill();
            awaitLive(launch());
        }
        return this;
    }

    /** One launch of the process: when it started ({@link System#nanoTime()}) and where its output begins in the log. */
    private record Launch(long startedAt, long logOffset) {
    }

    /** Launches the process. */
    private Launch launch() {
        if (isRunning()) throw new IllegalStateException("node " + name + " is already running (pid " + pid() + ")");
        try {
            deleteRecursively(tmpDir);   // after a kill -9 Payara's unpacked runtime is still there
            Files.createDirectories(tmpDir);
            Files.createDirectories(dataDir);
            starts++;
            Files.writeString(logFile, String.format("%n===== pyql-e2e: start #%d of node %s on port %d at %s =====%n",
                            starts, name, port, LocalDateTime.now()), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder pb = new ProcessBuilder(command()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> childEnv = pb.environment();
        // The developer's shell must not leak into the node: only what this node was built with counts.
        childEnv.keySet().removeIf(k -> k.startsWith("PYQL_") || k.startsWith("DB_"));
        env.forEach((k, v) -> {
            if (v == null) childEnv.remove(k);
            else childEnv.put(k, v);
        });
        long startedAt = System.nanoTime();
        long logOffset;
        try {
            logOffset = Files.size(logFile);
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot launch node " + name + ": " + e.getMessage(), e);
        }
        RUNNING.add(this);
        return new Launch(startedAt, logOffset);
    }

    /**
     * Polls {@code /pyql/live}. Fails early when the process exits, and when Payara reports itself ready while the
     * application is not live (a failed deployment keeps Payara running, answering 404/500 forever).
     */
    private void awaitLive(Launch launch) {
        long logOffset = launch.logOffset();
        long deadline = launch.startedAt() + startupTimeout.toNanos();
        long payaraReadyAt = 0;
        HttpRequest live = HttpRequest.newBuilder(url("/pyql/live")).timeout(Duration.ofSeconds(2)).GET().build();
        while (true) {
            Process p = process;
            if (!p.isAlive()) {
                RUNNING.remove(this);
                throw new IllegalStateException("node " + name + " (port " + port + ") exited with code " + p.exitValue()
                        + " during start-up; log " + logFile + ":\n" + logTail(60));
            }
            try {
                HttpResponse<String> r = PROBE.send(live, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("alive")) {
                    System.err.printf("[pyql-e2e] node %s live on port %d after %d ms (pid %d)%n", name, port,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launch.startedAt()), p.pid());
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new IllegalStateException("interrupted while starting node " + name, e);
            }
            if (payaraReadyAt == 0 && logSince(logOffset).contains(PAYARA_READY)) payaraReadyAt = System.nanoTime();
            if (payaraReadyAt != 0 && System.nanoTime() - payaraReadyAt > DEPLOY_GRACE.toNanos()) {
                kill();
                throw new IllegalStateException("node " + name + " (port " + port + "): Payara Micro is up but the"
                        + " application is not live (failed deployment?); killed it. Log " + logFile + ":\n" + logTail(60));
            }
            if (System.nanoTime() - deadline > 0) {
                kill();
                throw new IllegalStateException("node " + name + " (port " + port + ") not live after "
                        + startupTimeout.toSeconds() + " s; killed it. Log " + logFile + ":\n" + logTail(60));
            }
            Poll.pause(Duration.ofMillis(250));
        }
    }

    /** The log written since {@code offset} (this start's part). */
    private String logSince(long offset) {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(logFile.toFile(), "r")) {
            long len = f.length();
            if (len <= offset) return "";
            byte[] buf = new byte[(int) Math.min(len - offset, 8 << 20)];
            f.seek(offset);
            f.readFully(buf);
            return new String(buf, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    private List<String> command() {
        List<String> cmd = new ArrayList<>(launchPrefix);
        cmd.add(E2eEnv.javaExecutable().toString());
        cmd.add("-Djava.io.tmpdir=" + tmpDir);
        cmd.addAll(jvmFlags);
        cmd.add("-jar");
        cmd.add(E2eEnv.microJar().toString());
        cmd.addAll(List.of("--deploy", E2eEnv.war().toString(), "--contextroot", "/", "--port", Integer.toString(port),
                "--disablephonehome"));
        if (noHazelcast) cmd.add("--nohazelcast");
        Path logging = loggingProperties();
        if (logging != null) {
            cmd.add("--logproperties");
            cmd.add(logging.toString());
        }
        // as scripts/node-env.sh: the HTTP settings that let the application answer container-level errors in JSON
        Path preBoot = Path.of("payara/pre-boot-commands.asadmin").toAbsolutePath();
        if (!Files.isRegularFile(preBoot)) throw new IllegalStateException("missing " + preBoot);
        cmd.add("--prebootcommandfile");
        cmd.add(preBoot.toString());
        // Payara's own /metrics moved away after boot, so the application's answers there
        cmd.add("--postbootcommandfile");
        cmd.add(Path.of("payara/post-boot-commands.asadmin").toAbsolutePath().toString());
        // the HTTP listener, disabled before boot, is enabled once the WAR is deployed: no HTML 404 while it deploys
        cmd.add("--postdeploycommandfile");
        cmd.add(Path.of("payara/post-deploy-commands.asadmin").toAbsolutePath().toString());
        cmd.addAll(payaraOptions);
        return cmd;
    }

    private static Path loggingProperties() {
        Path p = Path.of(System.getProperty("pyql.logProperties", "payara/logging.properties")).toAbsolutePath();
        return Files.isRegularFile(p) ? p : null;
    }

    /** SIGTERM, wait up to 30 s for a clean exit, then SIGKILL. No-op when not running. */
    public synchronized void stop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            RUNNING.remove(this);
            return;
        }
        p.destroy();
        boolean exited = waitFor(p, STOP_TIMEOUT);
        if (!exited) {
            System.err.printf("[pyql-e2e] node %s did not stop within %d s after SIGTERM; sending SIGKILL%n", name,
                    STOP_TIMEOUT.toSeconds());
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            waitFor(p, Duration.ofSeconds(10));
        }
        RUNNING.remove(this);
        note("stopped" + (exited ? "" : " (SIGKILL after timeout)") + ", exit code " + exitCode(p));
    }

    /** SIGKILL (ProcessHandle.destroyForcibly), like a crash; returns when the process is gone. */
    public synchronized void kill() {
        Process p = process;
        if (p == null) return;
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        waitFor(p, Duration.ofSeconds(10));
        RUNNING.remove(this);
        note("killed (SIGKILL), exit code " + exitCode(p));
    }

    /** Stops (gracefully) and starts again with the same port, data directory and configuration. */
    public synchronized PyqlNode restart() {
        stop();
        return start();
    }

    /** Stops the node and deletes its temp directory; the data directory and the log stay. */
    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            deleteRecursively(tmpDir);
        }
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    public long pid() {
        Process p = process;
        if (p == null) throw new IllegalStateException("node " + name + " was never started");
        return p.pid();
    }

    /** Waits until the process has exited on its own (e.g. after a fatal error), or fails. */
    public int awaitExit(Duration timeout) {
        Process p = process;
        if (p == null) throw new IllegalStateException("node " + name + " was never started");
        if (!waitFor(p, timeout)) throw new AssertionError("node " + name + " still running after " + timeout);
        RUNNING.remove(this);
        return p.exitValue();
    }

    // ------------------------------------------------------------------ accessors

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public URI baseUri() {
        return URI.create("http://" + host + ":" + port);
    }

    public URI url(String path) {
        return baseUri().resolve(path.startsWith("/") ? path : "/" + path);
    }

    public Path dir() {
        return dir;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path tmpDir() {
        return tmpDir;
    }

    public Path logFile() {
        return logFile;
    }

    public String adminPassword() {
        return adminPassword;
    }

    /** The environment the node is launched with (PYQL_* and overrides). */
    /** Sets a variable for the next start (e.g. a join token that only exists once the cluster runs). */
    public void setEnv(String key, String value) {
        env.put(key, value);
    }

    public Map<String, String> env() {
        return Collections.unmodifiableMap(env);
    }

    /** A client without credentials. */
    public PyqlClient client() {
        return new PyqlClient(baseUri());
    }

    /** A client authenticated as {@code admin} with {@code Authentication: Basic}. */
    public PyqlClient admin() {
        if (adminPassword == null) throw new IllegalStateException("node " + name + " was built without an admin password");
        return client().withBasic(ADMIN_USER, adminPassword);
    }

    // ------------------------------------------------------------------ log

    /** The last {@code lines} lines of the node's log (all starts). */
    public String logTail(int lines) {
        try {
            if (!Files.exists(logFile)) return "(no log file)";
            List<String> all = Files.readAllLines(logFile, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    public boolean logContains(String text) {
        try {
            return Files.exists(logFile) && Files.readString(logFile, StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls the log until it contains {@code text}. */
    public void awaitLog(String text, Duration timeout) {
        Poll.until("'" + text + "' in the log of node " + name, timeout, () -> logContains(text));
    }

    @Override
    public String toString() {
        return "PyqlNode[" + name + " port=" + port + (isRunning() ? " pid=" + pid() : " stopped") + "]";
    }

    // ------------------------------------------------------------------ helpers

    private void note(String text) {
        try {
            Files.writeString(logFile, String.format("===== pyql-e2e: node %s %s at %s =====%n", name, text,
                    LocalDateTime.now()), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the note is for humans only
        }
    }

    private static String exitCode(Process p) {
        return p.isAlive() ? "?" : Integer.toString(p.exitValue());
    }

    private static boolean waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    /** The shutdown hook: whatever a test left running dies with the test JVM. */
    static void killAllRunning() {
        for (PyqlNode n : List.copyOf(RUNNING)) {
            Process p = n.process;
            if (p != null && p.isAlive()) {
                System.err.println("[pyql-e2e] shutdown hook: killing still-running node " + n.name + " (pid " + p.pid() + ")");
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
        for (PyqlNode n : List.copyOf(RUNNING)) {
            Process p = n.process;
            if (p != null) waitFor(p, Duration.ofSeconds(5));
        }
        RUNNING.clear();
    }

    private static String uniqueName(String wanted) {
        String base = wanted.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "-");
        String n = base;
        for (int i = 2; !NAMES.add(n); i++) n = base + "-" + i;
        return n;
    }

    private static int reservePort(int port) {
        PORTS.add(port);
        return port;
    }

    /** A port nothing listens on now and that no other node of this JVM got. */
    private static int freePort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket s = new ServerSocket(0)) {
                int p = s.getLocalPort();
                if (PORTS.add(p)) return p;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port", e);
            }
        }
        throw new IllegalStateException("no free port found");
    }

    static void deleteRecursively(Path p) {
        if (!Files.exists(p)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p, e);
        }
    }

    // ------------------------------------------------------------------ builder

    /** Configuration of a node; {@link #build()} reserves its port and directory, {@link #start()} also launches it. */
    public static final class Builder {
        private final String name;
        private String role = "endpoint";
        private String adminPassword = "e2e-admin-pw";
        private final List<String> databases = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvmFlags = new ArrayList<>(DEFAULT_JVM_FLAGS);
        private final List<String> payaraOptions = new ArrayList<>();
        private boolean noHazelcast = true;
        private int port;
        private Path dataDir;
        private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
        private String host = "127.0.0.1";
        private final List<String> launchPrefix = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /** {@code standalone}, {@code endpoint} (default) or {@code cluster} ({@code PYQL_ROLE}). */
        public Builder role(String role) {
            this.role = role;
            return this;
        }

        /** {@code PYQL_CLUSTER_INIT_ADMIN_PW}; null lets the node generate one. Default {@code e2e-admin-pw}. */
        public Builder adminPassword(String password) {
            this.adminPassword = password;
            return this;
        }

        /** One {@code PYQL_DATABASES} entry, e.g. {@code ("main", "sqlite:main.db")} (relative to the data dir). */
        public Builder database(String dbName, String location) {
            databases.add(dbName + "=" + location);
            return this;
        }

        /** A MySQL database {@code mysql://host:port/schema} with its {@code PYQL_DB_<NAME>_USER/_PASSWORD}. */
        public Builder mysqlDatabase(String dbName, String hostPortSchema, String user, String password) {
            database(dbName, "mysql://" + hostPortSchema);
            String upper = dbName.toUpperCase(Locale.ROOT);
            env.put("PYQL_DB_" + upper + "_USER", user);
            env.put("PYQL_DB_" + upper + "_PASSWORD", password == null ? "" : password);
            return this;
        }

        /** An environment variable for the node (overrides the ones derived above); null removes it. */
        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder env(Map<String, String> vars) {
            env.putAll(vars);
            return this;
        }

        /** Extra JVM options after the default flags (e.g. {@code -Dhazelcast.cp-subsystem.cp-member-count=3}). */
        public Builder jvmOption(String... options) {
            jvmFlags.addAll(List.of(options));
            return this;
        }

        /** Replaces the default JVM flags. */
        public Builder jvmFlags(List<String> flags) {
            jvmFlags.clear();
            jvmFlags.addAll(flags);
            return this;
        }

        /** Extra Payara Micro options (e.g. {@code --clustername x --interfaces 127.0.0.1}). */
        public Builder payaraOption(String... options) {
            payaraOptions.addAll(List.of(options));
            return this;
        }

        /** Whether Hazelcast is on (default off: {@code --nohazelcast}). Cluster nodes need it. */
        public Builder hazelcast(boolean enabled) {
            this.noHazelcast = !enabled;
            return this;
        }

        /** A fixed HTTP port (default: a free one). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Another data directory (default {@code <node dir>/data}), e.g. to start a second node on old data. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** The address the tests reach the node at (default 127.0.0.1), e.g. its address in a network namespace. */
        public Builder host(String address) {
            this.host = address;
            return this;
        }

        /**
         * A command the node's {@code java} runs under, e.g. {@code ip netns exec <ns>} (it execs java, so the pid
         * stays the node's).
         */
        public Builder launchPrefix(List<String> prefix) {
            launchPrefix.clear();
            launchPrefix.addAll(prefix);
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        public PyqlNode build() {
            return new PyqlNode(this);
        }

        public PyqlNode start() {
            return build().start();
        }
    }
}
