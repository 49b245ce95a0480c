package org.pyql.e2e.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import org.pyql.e2e.harness.Poll;

/**
 * Network partitions of a 3-node cluster, each node in its own network namespace ({@link PartitionCluster}); one
 * cluster for every scenario, each scenario ending healed. Per scenario: the cut-off side refuses reads and writes of
 * cluster state with 503 within {@link #REFUSE_BOUND}, the majority (if any) keeps serving, the healed cluster is whole
 * (every node ready, 3 CP members present and listed) within {@link #WHOLE_TARGET}, every acknowledged user
 * registration is on every node and no refused one on any. The scenarios' choices (which node, how long) come from
 * one seed, printed at the start; {@code -Dpyql.partition.seed=<seed>} replays it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PartitionIT {
    /**
     * Documented in README ("Network partitions"): the heartbeat timeout (5 s), plus up to 5 s of mastership claim
     * when the master is on the other side, plus a tick and the request in flight.
     */
    static final Duration REFUSE_BOUND = Duration.ofSeconds(15);
    /** The target: whole again at most 60 s after the heal. */
    static final Duration WHOLE_TARGET = Duration.ofSeconds(60);

    private final long seed = Long.getLong("pyql.partition.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private PartitionCluster cluster;
    private final Writes writes = new Writes();
    private final List<String> figures = new ArrayList<>();

    @BeforeAll
    void start() {
        System.err.println("[pyql-e2e] PartitionIT seed " + seed + " (replay: -Dpyql.partition.seed=" + seed + ")");
        try {
            cluster = PartitionCluster.create("part", 3, random, Map.of());
        } catch (IllegalStateException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("partition tests need network namespaces (root and iproute2) in CI: " + e.getMessage(), e);
            }
            Assumptions.abort("no network namespaces here (needs root and iproute2): " + e.getMessage());
        }
        cluster.startAll();
        awaitWhole("start", Duration.ofSeconds(240));
    }

    @AfterAll
    void stop() {
        figures.forEach(f -> System.err.println("[pyql-e2e] partition figures: " + f));
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    void oneNodeCutOffLongerThanTheCpSeatTimeout() {
        // 35 s: past PYQL_CP_MISSING_MEMBER_SECONDS (30 s), so the majority removes the cut node's CP seat and the heal
        // has to give it back
        partition("one node cut", Set.of(1 + random.nextInt(3)), Duration.ofSeconds(35));
    }

    @Test
    @Order(2)
    void hazelcastMasterCutOff() {
        int master = cluster.master(1);
        if (master < 0) master = 1;
        partition("master cut (node " + master + ")", Set.of(master), Duration.ofSeconds(12 + random.nextInt(6)));
    }

    @Test
    @Order(3)
    void fullSplit() {
        partition("full split", Set.of(1, 2, 3), Duration.ofSeconds(20 + random.nextInt(6)));
    }

    @Test
    @Order(4)
    void flapping() {
        int victim = 1 + random.nextInt(3);
        NetnsNetwork net = cluster.network();
        List<Integer> majority = others(Set.of(victim));
        long t0 = System.nanoTime();
        for (int round = 0; round < 3; round++) {
            net.cut(victim);
            tryWriteThrough(majority);
            // 3-8 s: some cuts are shorter than the 5 s heartbeat timeout (nobody notices), some longer (a merge)
            pause(Duration.ofMillis(3000 + random.nextInt(5000)));
            net.heal(victim);
            tryWriteThrough(majority);
            pause(Duration.ofMillis(2000 + random.nextInt(2000)));
        }
        long healed = System.nanoTime();
        Duration whole = awaitWhole("flapping node " + victim, WHOLE_TARGET);
        figures.add(String.format("flapping node %d (3 rounds of 3-8 s cut, 2-4 s healed, over %d s): whole %.1f s"
                + " after the last heal", victim, TimeUnit.NANOSECONDS.toSeconds(healed - t0), whole.toMillis() / 1000.0));
        assertConverged();
    }

    // ------------------------------------------------------------------ one scenario

    private void partition(String scenario, Set<Integer> cut, Duration hold) {
        NetnsNetwork net = cluster.network();
        List<Integer> majority = others(cut);
        System.err.println("[pyql-e2e] scenario " + scenario + ": cutting " + cut + " for " + hold.toSeconds() + " s");
        long t0 = System.nanoTime();
        for (int i : cut) net.cut(i);
        for (int i : cut) {
            int peer = i == 1 ? 2 : 1;
            assertFalse(net.canConnect(peer, i, PartitionCluster.HZ_PORT), "node " + i + " still reachable from " + peer);
        }
        ExecutorService pool = Executors.newFixedThreadPool(cut.size());
        try {
            List<Future<Duration>> refusals = new ArrayList<>();
            for (int i : cut) refusals.add(pool.submit(() -> awaitRefusing(i, t0)));
            if (!majority.isEmpty()) {
                Duration serving = Poll.until("the majority " + majority + " serving", Duration.ofSeconds(30),
                        Duration.ofMillis(200), () -> writeThrough(majority, 1) > 0 ? since(t0) : null);
                figures.add(String.format("%s: majority writes acknowledged %.1f s after the cut", scenario,
                        serving.toMillis() / 1000.0));
            }
            List<String> refuseTimes = new ArrayList<>();
            int k = 0;
            for (int i : cut) {
                Duration d = refusals.get(k++).get();
                refuseTimes.add(String.format("node %d %.1f s", i, d.toMillis() / 1000.0));
            }
            figures.add(scenario + ": minority refuses reads and writes after " + refuseTimes);
            while (since(t0).compareTo(hold) < 0) {
                if (!majority.isEmpty()) tryWriteThrough(majority);
                for (int i : cut) minorityWrite(i);   // must be refused: nothing of it may show up after the heal
                pause(Duration.ofMillis(1000));
            }
        } catch (Exception e) {
            throw new AssertionError(scenario + ": " + e, e);
        } finally {
            pool.shutdownNow();
            for (int i : cut) net.heal(i);
        }
        for (int i : cut) {
            int peer = i == 1 ? 2 : 1;
            Poll.until("node " + i + " reachable from " + peer + " again", Duration.ofSeconds(10),
                    () -> net.canConnect(peer, i, PartitionCluster.HZ_PORT));
        }
        Duration whole = awaitWhole(scenario, WHOLE_TARGET);
        figures.add(String.format("%s (held %d s): whole %.1f s after the heal", scenario, hold.toSeconds(),
                whole.toMillis() / 1000.0));
        assertConverged();
    }

    /** Polls node {@code i} until it answers 503 to a read and to a write of cluster state; the time since the cut. */
    private Duration awaitRefusing(int i, long cutAt) {
        return Poll.until("node " + i + " refusing reads and writes", REFUSE_BOUND, Duration.ofMillis(200), () -> {
            int read = Http.status(cluster.node(i), "GET", "/auth/users", null);
            int write = minorityWrite(i);
            return read == 503 && write == 503 ? since(cutAt) : null;
        });
    }

    /** A registration on a cut-off node: 201 counts as acknowledged, 503 as refused, anything else as unknown. */
    private int minorityWrite(int i) {
        String user = writes.next();
        Http.Answer a = Http.send(cluster.node(i), "POST", "/auth/user/register", Writes.body(user));
        writes.record(user, a);
        return a.status();
    }

    /** {@code n} registrations through each of {@code nodes}; how many were acknowledged (fails when none was). */
    private int writeThrough(List<Integer> nodes, int n) {
        int acked = 0;
        List<String> answers = new ArrayList<>();
        for (int i : nodes) {
            for (int k = 0; k < n; k++) {
                String user = writes.next();
                Http.Answer a = Http.send(cluster.node(i), "POST", "/auth/user/register", Writes.body(user));
                writes.record(user, a);
                if (a.status() == 201) acked++;
                answers.add("node " + i + ": " + a.status() + " " + a.error());
            }
        }
        if (acked == 0) throw new AssertionError("no registration acknowledged: " + answers);
        return acked;
    }

    /** One registration through each of {@code nodes}, whatever the outcomes (they are recorded). */
    private void tryWriteThrough(List<Integer> nodes) {
        try {
            writeThrough(nodes, 1);
        } catch (AssertionError noneAcked) {
            System.err.println("[pyql-e2e] " + noneAcked.getMessage());
        }
    }

    // ------------------------------------------------------------------ whole and converged

    /** Waits until every node is ready with 3 CP members present and listed; the time it took. */
    private Duration awaitWhole(String scenario, Duration timeout) {
        long t0 = System.nanoTime();
        for (int i = 1; i <= cluster.size(); i++) {
            int node = i;
            Poll.until(scenario + ": node " + i + " ready with 3 CP members", Duration.ofNanos(
                    Math.max(1, timeout.toNanos() - (System.nanoTime() - t0))), Duration.ofMillis(250), () -> {
                        JsonNode doc = Http.json(cluster.node(node), "/cluster/pyql/ready");
                        JsonNode cp = doc.path("cp");
                        if (doc.path("ready").asBoolean() && cp.path("members").asInt() == 3
                                && cp.path("members_present").asInt() == 3 && cp.path("cp_members_listed").asInt() == 3
                                && doc.path("nodes").path("nodes").size() == 3) {
                            return true;
                        }
                        throw new AssertionError("node " + node + ": " + doc.path("reason").asText() + " cp=" + cp);
                    });
        }
        return since(t0);
    }

    /** Every acknowledged registration on every node, no refused one on any (reconcile may take a moment). */
    private void assertConverged() {
        Set<String> acked = writes.acked();
        Set<String> refused = writes.refused();
        assertTrue(acked.size() > 0, "no write was acknowledged at all");
        for (int i = 1; i <= cluster.size(); i++) {
            int node = i;
            Poll.until("node " + i + " holds every acknowledged user and no refused one", Duration.ofSeconds(20),
                    Duration.ofMillis(500), () -> {
                        Set<String> users = new TreeSet<>();
                        Http.json(cluster.node(node), "/auth/users").path("users")
                                .forEach(u -> users.add(u.path("username").asText()));
                        Set<String> missing = new TreeSet<>(acked);
                        missing.removeAll(users);
                        Set<String> applied = new TreeSet<>(refused);
                        applied.retainAll(users);
                        assertEquals(Set.of(), applied, "node " + node + " holds refused registrations");
                        if (!missing.isEmpty()) throw new AssertionError("node " + node + " lacks acknowledged " + missing);
                        return true;
                    });
        }
        System.err.printf("[pyql-e2e] converged: %d acknowledged, %d refused, %d unknown registrations%n",
                acked.size(), refused.size(), writes.unknown());
    }

    private List<Integer> others(Set<Integer> cut) {
        List<Integer> rest = IntStream.rangeClosed(1, cluster.size()).boxed().filter(i -> !cut.contains(i)).toList();
        return rest.size() * 2 > cluster.size() ? rest : List.of();
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** Holding a partition for a while is the scenario itself, not waiting for a condition. */
    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
