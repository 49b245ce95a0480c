package org.pyql.e2e.partition;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.pyql.e2e.harness.LaunchOptions;
import org.pyql.e2e.harness.PyqlClient;
import org.pyql.e2e.harness.PyqlNode;

/**
 * Cluster nodes (role {@code cluster}), each a Payara Micro process in its own network namespace of a
 * {@link NetnsNetwork}, launched with the harness's {@link PyqlNode} and {@link LaunchOptions} (the same
 * {@code PYQL_*} settings as {@code scripts/local-cluster}: init with the cluster's admin secret, the Hazelcast member
 * list of every node, CP member count from the node count), run as {@code ip netns exec <ns> java ...}. Each node's
 * Hazelcast member binds its cluster-link address (port 5701 in every namespace); the test reaches its HTTP port over
 * the control link. {@link #close()} kills the nodes (by pid) and then removes the namespaces; both also happen in
 * JVM shutdown hooks ({@link PyqlNode}'s and {@link NetnsNetwork}'s).
 *
 * <p>Reused by later data-cluster partition tests: {@link #network()} cuts and heals.
 */
public final class PartitionCluster implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "e2e-partition-admin-pw";
    public static final int HZ_PORT = 5701;

    private final NetnsNetwork net;
    private final String name;
    private final List<PyqlNode> nodes;

    private PartitionCluster(NetnsNetwork net, String prefix, Map<String, String> extraEnv) {
        this.net = net;
        this.name = "e2e-" + prefix + "-" + net.run();
        String members = IntStream.rangeClosed(1, net.hosts()).mapToObj(i -> net.clusterAddress(i) + ":" + HZ_PORT)
                .collect(Collectors.joining(","));
        if (!Files.isRegularFile(Path.of("payara/hazelcast.xml"))) {
            throw new IllegalStateException("payara/hazelcast.xml not found (run from the project dir)");
        }
        List<PyqlNode> list = new ArrayList<>();
        for (int i = 1; i <= net.hosts(); i++) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PYQL_CLUSTER_NAME", name);
            env.put("PYQL_CLUSTER_MEMBERS", members);
            env.put("PYQL_HZ_INTERFACE", net.clusterAddress(i));
            env.put("PYQL_HZ_PORT", Integer.toString(HZ_PORT));
            env.put("PYQL_CLUSTER_ACTION", "init");
            env.putAll(extraEnv);
            PyqlNode.Builder b = PyqlNode.builder(prefix + "-" + net.run() + "-n" + i).role("cluster").hazelcast(true)
                    .adminPassword(ADMIN_PASSWORD).env(env).startupTimeout(Duration.ofSeconds(300))
                    .host(net.controlAddress(i)).launchPrefix(net.exec(i));
            list.add(LaunchOptions.applyTo(b, "cluster", env).build());
        }
        this.nodes = List.copyOf(list);
    }

    /**
     * Creates the namespaces and builds (does not start) {@code size} nodes. Fails with {@link IllegalStateException}
     * when the namespaces cannot be made.
     */
    public static PartitionCluster create(String prefix, int size, java.util.Random random, Map<String, String> env) {
        NetnsNetwork net = NetnsNetwork.create(size, random);
        try {
            return new PartitionCluster(net, prefix, env);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    public NetnsNetwork network() {
        return net;
    }

    public int size() {
        return nodes.size();
    }

    /** Node {@code i}, from 1. */
    public PyqlNode node(int i) {
        return nodes.get(i - 1);
    }

    public PyqlClient admin(int i) {
        return node(i).admin();
    }

    /** Starts every node together and waits until each is live. */
    public void startAll() {
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (PyqlNode n : nodes) fs.add(pool.submit(n::start));
            for (Future<?> f : fs) f.get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the cluster: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The Hazelcast master (the oldest member) as node {@code i} last logged its member list, or -1: the first entry
     * of Hazelcast's {@code Members {size:..}} block.
     */
    public int master(int i) {
        String log = node(i).logTail(400);
        int at = log.lastIndexOf("Members {size:");
        if (at < 0) return -1;
        int m = log.indexOf("Member [", at);
        if (m < 0) return -1;
        String addr = log.substring(m + 8, log.indexOf(']', m));
        for (int k = 1; k <= nodes.size(); k++) {
            if (addr.equals(net.clusterAddress(k))) return k;
        }
        return -1;
    }

    @Override
    public void close() {
        try {
            for (PyqlNode n : nodes) {
                try {
                    if (n.isRunning()) n.kill();
                    n.close();
                } catch (RuntimeException e) {
                    System.err.println("[pyql-e2e] cannot stop " + n + ": " + e);
                }
            }
        } finally {
            net.close();
        }
    }

    @Override
    public String toString() {
        return "PartitionCluster[" + name + " " + nodes + "]";
    }

}
