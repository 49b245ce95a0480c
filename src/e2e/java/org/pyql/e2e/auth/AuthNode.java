package org.pyql.e2e.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.pyql.e2e.harness.LaunchOptions;
import org.pyql.e2e.harness.Poll;
import org.pyql.e2e.harness.PyqlClient;
import org.pyql.e2e.harness.PyqlNode;

/**
 * JUnit 5 extension: ONE standalone node (role {@code standalone}, Hazelcast on, a single member, SQLite database
 * {@value #DB}) for every auth test class of the run, started on first use and stopped when the run ends. Classes get
 * it as a {@link AuthNode.Shared} parameter. Extra short-lived nodes (a second key, a twin on copied data) come from
 * {@link #standalone}; every node the suite starts is tracked so its log can be scanned for secrets.
 *
 * <p>When the run ends the node is stopped and the logs of all tracked nodes are scanned once more for every secret
 * the suite registered ({@link Secrets}); a finding fails the run (reported on the engine), because a class that ran
 * after {@link SecretsNotLoggedIT} may have caused it.
 */
public final class AuthNode implements BeforeAllCallback, ParameterResolver {
    public static final String DB = "main";
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(AuthNode.class);
    private static final List<PyqlNode> TRACKED = new CopyOnWriteArrayList<>();
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    /** The shared node. Class fixtures must fetch their own tokens: another class may rotate keys with no overlap. */
    public record Shared(PyqlNode node) {
        public PyqlClient admin() {
            return node.admin();
        }

        public PyqlClient anonymous() {
            return node.client();
        }

        public String adminPassword() {
            return node.adminPassword();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        holder(context).get();
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == Shared.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return holder(e).get();
    }

    private static Holder holder(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(Holder.class, k -> new Holder(), Holder.class);
    }

    /** Every node the auth suite started (for the log scan). */
    static List<PyqlNode> trackedNodes() {
        return List.copyOf(TRACKED);
    }

    static List<Path> trackedLogs() {
        List<Path> logs = new ArrayList<>();
        for (PyqlNode n : TRACKED) logs.add(n.logFile());
        return logs;
    }

    /**
     * A standalone node with Hazelcast on as {@code scripts/node-env.sh} launches one: its own Hazelcast cluster name
     * and port (a single member, no CP), Payara's member configured by {@code payara/hazelcast.xml}. Not started;
     * tracked for the log scan. The admin password is registered as a secret.
     */
    static PyqlNode.Builder standalone(String name, String adminPassword, Map<String, String> extraEnv) {
        return standalone(name, adminPassword, extraEnv, false);
    }

    /**
     * {@code fullJit}: without the harness's C1-only flag. Every Basic login, failed login, registration and password
     * change is a PBKDF2 derivation (210,000 rounds), about 1 s under C1 on a busy 2-core machine and a quarter of that
     * once C2 has compiled it; the shared node does dozens of them, a short-lived node a handful.
     */
    static PyqlNode.Builder standalone(String name, String adminPassword, Map<String, String> extraEnv, boolean fullJit) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PYQL_CLUSTER_NAME", "e2e-auth-" + UUID.randomUUID().toString().substring(0, 8));
        env.put("PYQL_HZ_INTERFACE", "127.0.0.1");
        env.put("PYQL_HZ_PORT", Integer.toString(freePort()));
        env.putAll(extraEnv);
        Path hzConfig = Path.of("payara/hazelcast.xml").toAbsolutePath();
        if (!Files.isRegularFile(hzConfig)) throw new IllegalStateException(hzConfig + " not found (run from the project dir)");
        Secrets.basic(PyqlNode.ADMIN_USER, adminPassword);
        PyqlNode.Builder b = PyqlNode.builder(name).role("standalone").hazelcast(true).adminPassword(adminPassword)
                .env(env).startupTimeout(Duration.ofSeconds(180));
        if (fullJit) {
            b.jvmFlags(PyqlNode.DEFAULT_JVM_FLAGS.stream().filter(f -> !f.startsWith("-XX:TieredStopAtLevel")).toList());
        }
        return LaunchOptions.applyTo(b, "standalone", env);
    }

    /** Registers a node for the log scan (call before starting it). */
    static PyqlNode track(PyqlNode node) {
        TRACKED.add(node);
        return node;
    }

    /** Starts a tracked node and waits until it is ready ({@code GET /cluster/pyql/ready} 200). */
    static PyqlNode startReady(PyqlNode node) {
        track(node);
        long t0 = System.nanoTime();
        node.start();
        awaitReady(node);
        System.err.printf("[pyql-e2e] auth: node %s ready after %d ms%n", node.name(), (System.nanoTime() - t0) / 1_000_000);
        return node;
    }

    /**
     * Ready, and the cluster's users loaded: readiness turns 200 a moment before cluster auth has bootstrapped (logins
     * answer 503 "cluster state not loaded yet" in between), so the admin's login is polled too (a 503 is not a failed
     * login and does not count towards the lock-out).
     */
    static void awaitReady(PyqlNode node) {
        Poll.until("node " + node.name() + " ready", READY_TIMEOUT, Duration.ofMillis(300), () -> {
            PyqlClient.Response r = node.client().exchange("GET", "/cluster/pyql/ready", null, null);
            if (r.status() == 200) return true;
            throw new AssertionError("not ready: " + r.describe());
        });
        Poll.until("node " + node.name() + " accepts the admin's login", READY_TIMEOUT, Duration.ofMillis(200), () -> {
            PyqlClient.Response r = node.admin().get("/auth/keys");
            if (r.status() == 200) return true;
            throw new AssertionError("admin login not accepted yet: " + r.describe());
        });
    }

    /**
     * A node started on a copy of {@code source}'s data directory (same users, same signing keys, same node id) with
     * its own Hazelcast cluster and port: SQLite files are copied with SQLite's online backup (consistent while the
     * source runs), other files as they are. Tracked and started; waits until ready.
     */
    static PyqlNode twinOf(PyqlNode source, String name, Map<String, String> extraEnv) {
        PyqlNode twin = standalone(name, source.adminPassword(), extraEnv).build();
        copyData(source.dataDir(), twin.dataDir());
        return startReady(twin);
    }

    private static void copyData(Path from, Path to) {
        try (var walk = Files.walk(from)) {
            for (Path f : walk.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                String n = f.getFileName().toString();
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (n.endsWith("-wal") || n.endsWith("-shm") || n.endsWith("-journal")) {
                    continue;   // the backup below includes what they hold
                } else if (n.endsWith(".db") || n.endsWith(".sqlite")) {
                    Files.createDirectories(target.getParent());
                    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + f);
                         java.sql.Statement s = c.createStatement()) {
                        s.executeUpdate("backup to " + target);
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException("cannot back up " + f + ": " + e.getMessage(), e);
                    }
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        private Shared shared;
        private RuntimeException failure;

        synchronized Shared get() {
            if (shared != null) return shared;
            if (failure != null) throw new IllegalStateException("the shared auth node failed to start earlier", failure);
            try {
                PyqlNode node = standalone("auth-standalone", Secrets.password(), Map.of(), true)
                        .database(DB, "sqlite:" + DB + ".db").build();
                shared = new Shared(startReady(node));
                return shared;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public synchronized void close() {
            if (shared != null) shared.node().close();
            List<Secrets.Finding> found = Secrets.scan(trackedLogs());
            if (!found.isEmpty()) {
                StringBuilder b = new StringBuilder("secrets found in node logs at the end of the auth suite ("
                        + found.size() + "):");
                for (Secrets.Finding f : found.subList(0, Math.min(found.size(), 30))) b.append("\n  ").append(f);
                System.err.println("[pyql-e2e] " + b);
                throw new AssertionError(b.toString());
            }
        }
    }
}
