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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import org.pyql.e2e.harness.Poll;
import org.pyql.e2e.harness.PyqlClient;

/**
 * Membership, quorum and replicated metadata on three real nodes, one story in order (each step needs the previous one; a start of three nodes costs
 * 20-60 s on 2 cores, so they share one cluster): the cluster forms with 3 CP members; metadata written on one node is
 * on every node and in every node's state DB; one node killed: survivors stay ready and keep serving; two killed: the
 * survivor answers 503 and is not ready within seconds; the two restarted: healthy again with 3 CP members and no manual
 * step; full stop and start: the metadata is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterQuorumIT {
    private static final Duration START = Duration.ofSeconds(240);
    private TestCluster cluster;
    private final List<String> jobIds = new ArrayList<>();
    private String clusterId;

    @BeforeAll
    void startThreeNodesTogether() {
        cluster = TestCluster.create("quorum", 3);
        long t0 = System.nanoTime();
        cluster.startAll();
        cluster.awaitReady(START, 1, 2, 3);
        System.err.printf("[pyql-e2e] 3 nodes started together: all ready after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    void killAll() {
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    void theClusterFormsWithThreeCpMembers() {
        cluster.awaitCpWhole(Duration.ofSeconds(60), 3, 1, 2, 3);
        Set<String> ids = Set.of(cluster.nodeId(1), cluster.nodeId(2), cluster.nodeId(3));
        for (int i = 1; i <= 3; i++) {
            JsonNode doc = cluster.ready(i).expect(200).json();
            assertEquals(cluster.nodeId(i), doc.path("node").asText());
            assertTrue(doc.path("ready").asBoolean());
            assertTrue(doc.path("in_quorum").asBoolean());
            assertEquals("healthy", doc.path("health").asText());
            assertEquals(ids, set(doc.path("nodes").path("nodes")));
            assertEquals(0, doc.path("missing").path("nodes").size());
            assertTrue(doc.path("last_update_time").asDouble() > 1.7e9, "epoch seconds");
            assertEquals("cp", doc.path("cp").path("mode").asText());
            assertTrue(doc.path("cp").path("local_member").asBoolean(), "each of 3 nodes holds a CP seat");
        }
        // quorum management needs credentials; the probe does not
        cluster.node(1).client().get("/pyql/quorum").expect(401);
        JsonNode quorum = cluster.admin(1).get("/pyql/quorum").expect(200).json();
        assertEquals(1, quorum.path("quorum").size());
        JsonNode refreshed = cluster.admin(2).post("/pyql/quorum", null).expect(200).json();
        assertTrue(refreshed.path("quorum").path("in_quorum").asBoolean());
        JsonNode check = cluster.admin(3).post("/pyql/quorum/check", null).expect(200).json();
        assertEquals(ids, fieldNames(check.path("results")));
        check.path("results").forEach(r -> assertEquals(200, r.path("status").asInt(), r.toString()));
        clusterId = cluster.admin(1).get("/pyql/state").expect(200).json().path("cluster").asText();
        assertFalse(clusterId.isBlank(), "node 1 (init) created the pyql cluster record");
    }

    @Test
    @Order(2)
    void metadataWrittenOnOneNodeIsOnEveryNodeAndInEveryStateDb() {
        String id = addJob(1, "job-formed").expect(200).json().path("job_id").asText();
        jobIds.add(id);
        JsonNode again = addJob(2, "job-formed").expect(200).json();
        assertEquals(id, again.path("job_id").asText(), "a second add of the same name answers the existing job");
        for (int i = 1; i <= 3; i++) {
            int n = i;
            Poll.until("job on node " + n, Duration.ofSeconds(10), () -> jobNames(n).contains("job-formed"));
            Poll.until("job in the state DB of node " + n, Duration.ofSeconds(10),
                    () -> cluster.localIds(n, "jobs").contains(id));
            // other nodes persist through map listeners, asynchronously: poll, then insist on exactly three
            Poll.until("three nodes in the registry of node " + n, Duration.ofSeconds(10),
                    () -> cluster.localIds(n, "cluster_nodes").size() >= 3);
            assertEquals(3, cluster.localIds(n, "cluster_nodes").size(), "node registry on node " + n);
        }
        addJob(1, "").expect(400);
        cluster.node(1).client().post("/cluster/x/add", Map.of("job", "x")).expect(401);
    }

    @Test
    @Order(3)
    void killingOneNodeKeepsTheSurvivorsReadyAndServing() throws Exception {
        String victim = cluster.nodeId(3);
        AtomicInteger requests = new AtomicInteger();
        List<String> failures = new ArrayList<>();
        AtomicReference<Boolean> running = new AtomicReference<>(true);
        Thread client = new Thread(() -> {   // a client loop against the survivors while node 3 dies
            while (running.get()) {
                for (int i = 1; i <= 2; i++) {
                    try {
                        PyqlClient.Response r = cluster.ready(i);
                        requests.incrementAndGet();
                        if (r.status() != 200) synchronized (failures) { failures.add("ready " + i + ": " + r.describe()); }
                    } catch (AssertionError e) {
                        synchronized (failures) { failures.add("ready " + i + ": " + e.getMessage()); }
                    }
                }
                try {
                    Thread.sleep(50);   // request pacing, not synchronisation
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "survivor-client");
        client.start();
        long t0 = System.nanoTime();
        try {
            cluster.kill(3);
            for (int i = 1; i <= 2; i++) {
                int n = i;
                Poll.until("node " + n + " reports node 3 missing", Duration.ofSeconds(30), Duration.ofMillis(100), () -> {
                    JsonNode doc = cluster.ready(n).json();
                    return doc.path("nodes").path("nodes").size() == 2
                            && doc.path("missing").path("nodes").toString().contains(victim);
                });
            }
            System.err.printf("[pyql-e2e] survivors report the killed node missing after %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);
            jobIds.add(addJob(2, "job-after-kill-one").expect(200).json().path("job_id").asText());
            cluster.admin(1).post("/pyql/quorum", null).expect(200);
            // keep the client running through a possible CP leader election (~5 s) and the probe grace (10 s)
            while (System.nanoTime() - t0 < 12_000_000_000L) {
                cluster.admin(1 + requests.get() % 2).post("/pyql/quorum", null).expect(200);
                Thread.sleep(200);
            }
        } finally {
            running.set(false);
            client.join(10_000);
        }
        assertTrue(requests.get() > 20, "the client loop ran: " + requests.get());
        assertEquals(List.of(), failures, "no failed survivor request after " + requests.get());
        for (int i = 1; i <= 2; i++) assertTrue(cluster.ready(i).expect(200).json().path("in_quorum").asBoolean());
    }

    @Test
    @Order(4)
    void killingTwoOfThreeMakesTheSurvivorRefuseWithinSeconds() {
        long t0 = System.nanoTime();
        cluster.kill(2);
        JsonNode doc = Poll.until("the survivor is not ready", Duration.ofSeconds(30), Duration.ofMillis(100), () -> {
            PyqlClient.Response r = cluster.ready(1);
            return r.status() == 503 ? r.json() : null;
        });
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.err.printf("[pyql-e2e] survivor not ready %d ms after losing the majority: %s%n", ms, doc.path("reason"));
        assertTrue(ms < 20_000, "within seconds: " + ms + " ms");
        assertFalse(doc.path("ready").asBoolean());
        assertFalse(doc.path("in_quorum").asBoolean());
        assertEquals("unhealthy", doc.path("health").asText());
        PyqlClient.Response refused = addJob(1, "job-without-quorum");
        refused.expect(503);
        assertEquals("not in quorum", refused.json().path("error").asText());
        assertFalse(refused.json().path("quorum").path("in_quorum").asBoolean(true), refused.raw());
        // reads of cluster state are refused too: without quorum the node's copy may be stale (QuorumGate)
        PyqlClient.Response read = cluster.admin(1).get("/pyql/state/jobs");
        read.expect(503);
        assertEquals("not in quorum", read.json().path("error").asText());
    }

    @Test
    @Order(5)
    void restartingTheTwoBringsTheClusterBackWithThreeCpMembers() {
        long t0 = System.nanoTime();
        cluster.start(2, 3);
        cluster.awaitReady(START, 1, 2, 3);
        cluster.awaitCpWhole(Duration.ofSeconds(90), 3, 1, 2, 3);
        System.err.printf("[pyql-e2e] two restarted nodes: cluster whole again after %d ms%n",
                (System.nanoTime() - t0) / 1_000_000);
        jobIds.add(addJob(3, "job-after-restart").expect(200).json().path("job_id").asText());
        for (int i = 1; i <= 3; i++) {
            Set<String> names = jobNames(i);
            assertTrue(names.containsAll(Set.of("job-formed", "job-after-kill-one", "job-after-restart")), names.toString());
            assertFalse(names.contains("job-without-quorum"));
        }
    }

    @Test
    @Order(6)
    void aFullRestartRestoresTheMetadata() {
        cluster.stop(1, 2, 3);
        long t0 = System.nanoTime();
        cluster.startAll();
        cluster.awaitReady(START, 1, 2, 3);
        System.err.printf("[pyql-e2e] full restart: all ready after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        for (int i = 1; i <= 3; i++) {
            int n = i;
            JsonNode state = cluster.admin(n).get("/pyql/state").expect(200).json();
            assertEquals(clusterId, state.path("cluster").asText());
            assertEquals(3, state.path("counts").path("nodes").asInt(), state.toString());
            Set<String> ids = new HashSet<>();
            cluster.admin(n).get("/pyql/state/jobs").expect(200).json().path("data").forEach(j -> ids.add(j.path("id").asText()));
            assertTrue(ids.containsAll(jobIds), "node " + n + " jobs " + ids + " vs " + jobIds);
        }
        jobIds.add(addJob(2, "job-after-full-restart").expect(200).json().path("job_id").asText());
    }

    // ------------------------------------------------------------------ helpers

    private PyqlClient.Response addJob(int node, String name) {
        return cluster.admin(node).post("/cluster/pyql/add",
                Map.of("job", name, "job_type", "cluster", "action", "noop", "config", Map.of("n", 1)));
    }

    private Set<String> jobNames(int node) {
        Set<String> names = new HashSet<>();
        cluster.admin(node).get("/pyql/state/jobs").expect(200).json().path("data").forEach(j -> names.add(j.path("name").asText()));
        return names;
    }

    private static Set<String> set(JsonNode array) {
        Set<String> s = new HashSet<>();
        array.forEach(n -> s.add(n.asText()));
        return s;
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> s = new HashSet<>();
        object.fieldNames().forEachRemaining(s::add);
        return s;
    }
}
