package org.pyql.coordination;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import org.pyql.config.ClusterSettings;
import org.pyql.config.NodeRole;

/**
 * A Hazelcast cluster inside the test JVM, configured exactly as a node configures its member: {@link ClusterSettings}
 * from {@code PYQL_*} variables, then {@link HazelcastProvider#embeddedConfig} (the packaged
 * {@code hazelcast-cluster.xml}, the same file as {@code payara/hazelcast.xml}). Each fixture gets a unique cluster
 * name and its own free ports on 127.0.0.1, so fixtures never join each other or a running node. Like rqlite's
 * {@code system_test} helpers and MicroRaft's {@code LocalRaftGroup}: real members, real CP, in seconds.
 */
final class InJvmCluster implements AutoCloseable {
    static {
        // members log every connection attempt at INFO; the tests' own output is what matters here
        java.util.logging.Logger.getLogger("com.hazelcast").setLevel(java.util.logging.Level.WARNING);
    }

    private final String name = "pyql-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Integer> ports;
    private final Map<String, String> extraEnv;
    private final List<HazelcastInstance> members = new ArrayList<>();

    private InJvmCluster(int size, Map<String, String> extraEnv) {
        this.ports = freePorts(size);
        this.extraEnv = Map.copyOf(extraEnv);
    }

    /** Names and ports for {@code size} members, none started (for fixtures that start members their own way). */
    static InJvmCluster plan(int size, Map<String, String> extraEnv) {
        return new InJvmCluster(size, extraEnv);
    }

    /** {@code size} members started in parallel, CP discovery completed on each. */
    static InJvmCluster start(int size) {
        InJvmCluster c = new InJvmCluster(size, Map.of());
        List<Thread> starters = new ArrayList<>();
        HazelcastInstance[] started = new HazelcastInstance[size];
        RuntimeException[] failure = new RuntimeException[1];
        for (int i = 0; i < size; i++) {
            int n = i;
            Thread t = new Thread(() -> {
                try {
                    Config config = HazelcastProvider.embeddedConfig(c.settings(n, "join"));
                    config.setInstanceName(c.name + "-" + n);
                    started[n] = Hazelcast.newHazelcastInstance(config);
                } catch (RuntimeException e) {
                    failure[0] = e;
                }
            }, "start-" + c.name + "-" + n);
            t.start();
            starters.add(t);
        }
        for (Thread t : starters) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(120));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        c.members.addAll(List.of(started));
        if (failure[0] != null || c.members.contains(null)) {
            c.close();
            throw new IllegalStateException("members of " + c.name + " did not start", failure[0]);
        }
        for (HazelcastInstance m : c.members) {
            try {
                if (!m.getCPSubsystem().getCPSubsystemManagementService().awaitUntilDiscoveryCompleted(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("CP discovery of " + c.name + " did not complete in 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return c;
    }

    /** Member {@code i}'s settings, as its {@code PYQL_*} environment would give them. */
    ClusterSettings settings(int i, String action) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("PYQL_CLUSTER_NAME", name);
        env.put("PYQL_CLUSTER_ACTION", action);
        env.put("PYQL_HZ_INTERFACE", "127.0.0.1");
        env.put("PYQL_HZ_PORT", Integer.toString(ports.get(i)));
        env.put("PYQL_CLUSTER_MEMBERS", String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList()));
        return ClusterSettings.from(NodeRole.CLUSTER, env::get);
    }

    String name() {
        return name;
    }

    HazelcastInstance member(int i) {
        return members.get(i);
    }

    List<HazelcastInstance> members() {
        return List.copyOf(members);
    }

    /** Kills member {@code i} without a goodbye (like {@code kill -9}: no graceful CP or partition hand-over). */
    void kill(int i) {
        members.get(i).getLifecycleService().terminate();
    }

    @Override
    public void close() {
        for (HazelcastInstance m : members) {
            if (m != null && m.getLifecycleService().isRunning()) m.getLifecycleService().terminate();
        }
    }

    /** Polls {@code condition} every 50 ms until it holds; fails with {@code what} after {@code timeoutMillis}. */
    static void await(String what, long timeoutMillis, BooleanSupplier condition) {
        awaitValue(what, timeoutMillis, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    /** Polls {@code probe} every 50 ms until it gives a value; fails with {@code what} after {@code timeoutMillis}. */
    static <T> T awaitValue(String what, long timeoutMillis, Supplier<T> probe) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            T v = probe.get();
            if (v != null) return v;
            if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out after " + timeoutMillis + " ms: " + what);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    /** {@code n} consecutive free ports on 127.0.0.1 (consecutive only for readability of logs). */
    private static List<Integer> freePorts(int n) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 45_000);
            if (IntStream.range(base, base + n).allMatch(InJvmCluster::free)) {
                return IntStream.range(base, base + n).boxed().toList();
            }
        }
        throw new IllegalStateException("no " + n + " free consecutive ports found");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
