package org.pyql.e2e.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.pyql.e2e.harness.LaunchOptions;
import org.pyql.e2e.harness.Poll;
import org.pyql.e2e.harness.PyqlClient;
import org.pyql.e2e.harness.PyqlNode;

/**
 * N cluster nodes (role {@code cluster}) on 127.0.0.1 forming one Hazelcast cluster, launched like
 * {@code scripts/node-env.sh} does, with the options the same program prints ({@link LaunchOptions}: Payara's member
 * configured by {@code payara/hazelcast.xml} and its {@code -Dpyql.hz.*} variables). Own cluster name, free HTTP and Hazelcast ports, each node its
 * own directory (harness {@link PyqlNode}). Every node starts with the cluster's init secret (the admin password).
 * {@link #close()} kills every node, also when the test failed.
 *
 * <p>{@code capacity} fixes the member list (and with it the CP member count) up front, so a test can start fewer
 * nodes and add more later (growth scenarios).
 */
public final class TestCluster implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "e2e-cluster-admin-pw";
    private static final Set<Integer> HZ_PORTS = ConcurrentHashMap.newKeySet();

    private final String name;
    private final List<PyqlNode> nodes;
    private final List<Integer> hzPorts;

    private TestCluster(String prefix, int capacity, Map<String, String> extraEnv) {
        this.name = "e2e-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.hzPorts = IntStream.range(0, capacity).mapToObj(i -> freeHzPort()).toList();
        String members = hzPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        Path hzConfig = Path.of("payara/hazelcast.xml").toAbsolutePath();
        if (!Files.isRegularFile(hzConfig)) throw new IllegalStateException(hzConfig + " not found (run from the project dir)");
        List<PyqlNode> list = new ArrayList<>();
        for (int i = 0; i < capacity; i++) {
            Map<String, String> env = new java.util.LinkedHashMap<>();
            env.put("PYQL_CLUSTER_NAME", name);
            env.put("PYQL_CLUSTER_MEMBERS", members);
            env.put("PYQL_HZ_INTERFACE", "127.0.0.1");
            env.put("PYQL_HZ_PORT", Integer.toString(hzPorts.get(i)));
            // every node is started with the cluster's init secret (the admin password), as the pods of one
            // StatefulSet get it from the same Kubernetes secret; the join-token path is JoinRefusalIT's
            env.put("PYQL_CLUSTER_ACTION", "init");
            env.putAll(extraEnv);
            PyqlNode.Builder b = PyqlNode.builder(prefix + "-n" + (i + 1)).role("cluster").hazelcast(true)
                    .adminPassword(ADMIN_PASSWORD).env(env).startupTimeout(Duration.ofSeconds(300));
            list.add(LaunchOptions.applyTo(b, "cluster", env).build());
        }
        this.nodes = List.copyOf(list);
    }

    /** A cluster of {@code capacity} nodes, none started yet. */
    public static TestCluster create(String prefix, int capacity) {
        return new TestCluster(prefix, capacity, Map.of());
    }

    public static TestCluster create(String prefix, int capacity, Map<String, String> env) {
        return new TestCluster(prefix, capacity, env);
    }

    public String name() {
        return name;
    }

    public int size() {
        return nodes.size();
    }

    /** Node {@code i}, counting from 1. */
    public PyqlNode node(int i) {
        return nodes.get(i - 1);
    }

    public int hzPort(int i) {
        return hzPorts.get(i - 1);
    }

    public PyqlClient admin(int i) {
        return node(i).admin();
    }

    // ------------------------------------------------------------------ life cycle (in parallel: a start takes 10-60 s)

    /** Starts the given nodes (1-based) together and waits until each is live (not necessarily ready). */
    public void start(int... which) {
        parallel(which, PyqlNode::start);
    }

    public void startAll() {
        start(all());
    }

    /** SIGTERM, all together. */
    public void stop(int... which) {
        parallel(which, PyqlNode::stop);
    }

    public void kill(int... which) {
        parallel(which, PyqlNode::kill);
    }

    public int[] all() {
        return IntStream.rangeClosed(1, nodes.size()).toArray();
    }

    private void parallel(int[] which, Consumer<PyqlNode> action) {
        if (which.length == 1) {
            action.accept(node(which[0]));
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(which.length);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i : which) futures.add(pool.submit(() -> action.accept(node(i))));
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) throw re;
                    if (e.getCause() instanceof Error er) throw er;
                    throw new IllegalStateException(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Kills every node that still runs (fast, and also right after a failure), then removes their temp dirs. */
    @Override
    public void close() {
        for (PyqlNode n : nodes) {
            try {
                if (n.isRunning()) n.kill();
            } catch (RuntimeException e) {
                System.err.println("[pyql-e2e] cannot kill " + n + ": " + e);
            }
        }
        for (PyqlNode n : nodes) {
            try {
                n.close();
            } catch (RuntimeException e) {
                System.err.println("[pyql-e2e] cannot close " + n + ": " + e);
            }
        }
    }

    // ------------------------------------------------------------------ readiness and quorum

    /** {@code GET /cluster/pyql/ready} of node {@code i} (no credentials); fails when the node does not answer. */
    public PyqlClient.Response ready(int i) {
        return node(i).client().exchange("GET", "/cluster/pyql/ready", null, null);
    }

    public boolean isReady(int i) {
        try {
            return ready(i).status() == 200;
        } catch (AssertionError notAnswering) {
            return false;
        }
    }

    public void awaitReady(Duration timeout, int... which) {
        for (int i : which) {
            Poll.until("node " + i + " ready (" + node(i) + ")", timeout, Duration.ofMillis(500), () -> {
                PyqlClient.Response r = ready(i);
                if (r.status() == 200) return true;
                throw new AssertionError("node " + i + ": " + r.status() + " " + r.json().path("reason").asText());
            });
        }
    }

    /** Waits until every given node is ready and reports {@code expected} CP members, all present, and a CP seat. */
    public void awaitCpWhole(Duration timeout, int expected, int... which) {
        for (int i : which) {
            Poll.until("node " + i + " reports a whole CP subsystem of " + expected, timeout, Duration.ofMillis(500), () -> {
                JsonNode doc = ready(i).expect(200).json();
                JsonNode cp = doc.path("cp");
                return cp.path("members").asInt() == expected && cp.path("members_present").asInt() == expected
                        && cp.path("cp_members_listed").asInt() == expected ? doc : null;
            });
        }
    }

    /** The pyql node id of node {@code i} ({@code GET /pyql/node}). */
    public String nodeId(int i) {
        return node(i).client().get("/pyql/node").expect(200).json().path("uuid").asText();
    }

    // ------------------------------------------------------------------ local state DB of a node

    /** The ids in table {@code table} of node {@code i}'s local state DB (read directly; the node may run). */
    public List<String> localIds(int i, String table) {
        Path db = node(i).dataDir().resolve("state.db");
        if (!Files.exists(db)) return List.of();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db + "?open_mode=1");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id from " + table + " where deleted = 0 order by id")) {
            List<String> ids = new ArrayList<>();
            while (rs.next()) ids.add(rs.getString(1));
            return ids;
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("no such table")) return List.of();
            throw new IllegalStateException("cannot read " + db + ": " + e.getMessage(), e);
        }
    }

    private static int freeHzPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket s = new ServerSocket(0)) {
                int p = s.getLocalPort();
                if (HZ_PORTS.add(p)) return p;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port");
    }

    @Override
    public String toString() {
        return "TestCluster[" + name + " " + Arrays.toString(nodes.toArray()) + "]";
    }
}
