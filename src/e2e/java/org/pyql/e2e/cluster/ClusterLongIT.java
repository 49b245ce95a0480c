package org.pyql.e2e.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.pyql.e2e.harness.Poll;
import org.pyql.e2e.harness.PyqlClient;

/**
 * The slow multi-node scenarios of cluster membership and quorum ({@code mvn -B verify -Plong}): a rolling restart of all three nodes under
 * a client loop with zero failed requests, and the original upstream test's growth 1 -> 2 -> 6 with nodes stopped and
 * rejoining, everything consistent at the end.
 */
@Tag("long")
class ClusterLongIT {
    private static final Duration START = Duration.ofSeconds(300);

    @Test
    void rollingRestartUnderLoadFailsNoRequest() throws Exception {
        try (TestCluster cluster = TestCluster.create("rolling", 3)) {
            cluster.startAll();
            cluster.awaitReady(START, 1, 2, 3);
            cluster.awaitCpWhole(Duration.ofSeconds(60), 3, 1, 2, 3);
            Set<Integer> serving = java.util.concurrent.ConcurrentHashMap.newKeySet();
            serving.addAll(List.of(1, 2, 3));
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            List<String> failures = new ArrayList<>();
            Set<String> written = java.util.concurrent.ConcurrentHashMap.newKeySet();
            Thread client = new Thread(() -> {
                int n = 0;
                while (running.get()) {
                    for (int i : new TreeSet<>(serving)) {
                        String name = "rolling-" + (n++);
                        try {
                            cluster.ready(i).expect(200);
                            addJob(cluster, i, name).expect(200);
                            cluster.admin(i).get("/pyql/state/jobs").expect(200);
                            written.add(name);
                            ok.incrementAndGet();
                        } catch (AssertionError e) {
                            if (serving.contains(i)) synchronized (failures) { failures.add("node " + i + ": " + e.getMessage()); }
                        }
                    }
                }
            }, "rolling-client");
            client.start();
            try {
                for (int victim = 1; victim <= 3; victim++) {
                    serving.remove(victim);   // a load balancer takes the node out before it is stopped
                    cluster.stop(victim);
                    cluster.start(victim);
                    cluster.awaitReady(START, victim);
                    int[] all = {1, 2, 3};
                    cluster.awaitCpWhole(Duration.ofSeconds(90), 3, all);
                    serving.add(victim);
                    int before = ok.get();
                    Poll.until("the client got through on the restarted node", Duration.ofSeconds(30), () -> ok.get() > before + 3);
                }
            } finally {
                running.set(false);
                client.join(30_000);
            }
            assertTrue(ok.get() > 30, "client rounds: " + ok.get());
            assertEquals(List.of(), failures, "failed requests during the rolling restart (" + ok.get() + " ok)");
            for (int i = 1; i <= 3; i++) assertTrue(jobNames(cluster, i).containsAll(written), "node " + i);
        }
    }

    @Test
    void upstreamGrowthOneTwoSixThenStopAndRejoin() {
        try (TestCluster cluster = TestCluster.create("growth", 6)) {
            // 1 node of a 6-node member list: CP needs 3 members, so it reports why it is not ready yet
            cluster.start(1);
            JsonNode alone = Poll.until("node 1 explains it waits for CP", Duration.ofSeconds(60), () -> {
                PyqlClient.Response r = cluster.ready(1);
                return r.status() == 503 && r.json().path("reason").asText().contains("CP discovery") ? r.json() : null;
            });
            assertFalse(alone.path("in_quorum").asBoolean());
            cluster.start(2);
            Poll.until("2 members, still no CP", Duration.ofSeconds(60),
                    () -> cluster.ready(2).status() == 503 && cluster.ready(1).json().path("hazelcast").path("members").asInt() == 2);
            cluster.start(3, 4, 5, 6);
            int[] all = cluster.all();
            cluster.awaitReady(START, all);
            cluster.awaitCpWhole(Duration.ofSeconds(90), 3, all);
            addJob(cluster, 1, "growth-6").expect(200);
            assertConsistent(cluster, all, 6);

            // stop one node (not the init node, as upstream): the others see 5 nodes within 60 s; it rejoins
            cluster.stop(4);
            int[] five = {1, 2, 3, 5, 6};
            for (int i : five) {
                Poll.until("node " + i + " sees 5 nodes", Duration.ofSeconds(60),
                        () -> cluster.ready(i).json().path("nodes").path("nodes").size() == 5);
            }
            addJob(cluster, 5, "growth-5").expect(200);
            cluster.start(4);
            cluster.awaitReady(START, all);
            cluster.awaitCpWhole(Duration.ofSeconds(90), 3, all);

            // stop two more (one after the other); quorum holds with 4 of 6 (CP: 3 seats, healed onto live nodes)
            cluster.stop(2);
            cluster.awaitCpWhole(Duration.ofSeconds(120), 3, 1, 3, 4, 5, 6);
            cluster.stop(6);
            int[] four = {1, 3, 4, 5};
            for (int i : four) {
                Poll.until("node " + i + " sees 4 nodes", Duration.ofSeconds(60),
                        () -> cluster.ready(i).json().path("nodes").path("nodes").size() == 4);
            }
            cluster.awaitCpWhole(Duration.ofSeconds(120), 3, four);
            addJob(cluster, 3, "growth-4").expect(200);
            cluster.start(2, 6);
            cluster.awaitReady(START, all);
            cluster.awaitCpWhole(Duration.ofSeconds(120), 3, all);
            addJob(cluster, 6, "growth-back").expect(200);
            assertConsistent(cluster, all, 6);
            for (int i : all) {
                assertTrue(jobNames(cluster, i).containsAll(Set.of("growth-6", "growth-5", "growth-4", "growth-back")));
            }
        }
    }

    /** Every node: ready, the same registry of {@code nodes} nodes, the same jobs, and the same rows in its state DB. */
    private static void assertConsistent(TestCluster cluster, int[] which, int nodes) {
        Map<String, Set<String>> jobsByNode = new java.util.LinkedHashMap<>();
        for (int i : which) {
            JsonNode state = cluster.admin(i).get("/pyql/state").expect(200).json();
            assertEquals(nodes, state.path("counts").path("nodes").asInt(), "node " + i + ": " + state);
            jobsByNode.put("node " + i, jobIds(cluster, i));
        }
        Set<String> reference = jobsByNode.values().iterator().next();
        jobsByNode.forEach((n, ids) -> assertEquals(reference, ids, n));
        for (int i : which) {
            int n = i;
            Poll.until("state DB of node " + n + " has all jobs and nodes", Duration.ofSeconds(20), () ->
                    new HashSet<>(cluster.localIds(n, "jobs")).equals(reference)
                            && cluster.localIds(n, "cluster_nodes").size() == nodes);
        }
    }

    private static PyqlClient.Response addJob(TestCluster cluster, int node, String name) {
        return cluster.admin(node).post("/cluster/pyql/add",
                Map.of("job", name, "job_type", "cluster", "action", "noop", "config", Map.of()));
    }

    private static Set<String> jobNames(TestCluster cluster, int node) {
        Set<String> names = new HashSet<>();
        cluster.admin(node).get("/pyql/state/jobs").expect(200).json().path("data").forEach(j -> names.add(j.path("name").asText()));
        return names;
    }

    private static Set<String> jobIds(TestCluster cluster, int node) {
        Set<String> ids = new TreeSet<>();
        cluster.admin(node).get("/pyql/state/jobs").expect(200).json().path("data").forEach(j -> ids.add(j.path("id").asText()));
        return ids;
    }
}
