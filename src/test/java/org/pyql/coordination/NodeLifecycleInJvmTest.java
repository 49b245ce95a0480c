package org.pyql.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import org.pyql.error.NotInQuorumException;
import org.junit.jupiter.api.TestMethodOrder;

import com.hazelcast.core.HazelcastInstance;

import org.pyql.config.ClusterSettings;
import org.pyql.state.ClusterEntity;
import org.pyql.state.NodeEntity;
import org.pyql.state.StateStore;

/**
 * Three whole coordination stacks ({@link NodeLifecycle} with its probe, healer, registry and announcements, a state DB
 * and {@link ClusterStateService} each) in this JVM, each starting its embedded member from the node's configuration.
 * The tests run in order on one cluster and end by killing members: quorum holds with 2 of 3 and is lost, visibly and
 * within seconds, with 1 of 3.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeLifecycleInJvmTest {
    private static final long START_MILLIS = 120_000;
    private static final long WAIT_MILLIS = 30_000;

    private record Node(String id, Path dir, StateStore store, HazelcastMember member, ClusterStateService state,
                        QuorumService quorum, AtomicReference<QuorumSnapshot> snapshot, NodeLifecycle lifecycle) {
        HazelcastInstance hz() {
            return member.obtained().orElseThrow();
        }
    }

    private static InJvmCluster plan;
    private static final List<Node> nodes = new ArrayList<>();
    private static final List<String> fatal = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startNodes() throws IOException {
        // quick eviction is off: the member-loss tests look at the missing list
        plan = InJvmCluster.plan(3, Map.of("PYQL_NODE_EVICT_SECONDS", "0"));
        for (int attempt = 1; ; attempt++) {
            for (int i = 0; i < 3; i++) {
                nodes.add(node(i, Files.createTempDirectory("pyql-node-" + i + "-")));
            }
            nodes.forEach(n -> n.lifecycle().start());
            // Hazelcast may give up its CP bootstrap after a split vote of members started together and terminate them
            // (coordination/DESIGN.md, "CP bootstrap gives up"); a supervisor would start them again, and so does this
            String outcome = InJvmCluster.awaitValue("3 nodes ready, or a member stopped", START_MILLIS, () -> {
                if (nodes.stream().allMatch(n -> n.quorum().ready())) return "ready";
                return nodes.stream().map(n -> n.quorum().snapshot().reason())
                        .filter(r -> r != null && r.contains(NodeLifecycle.MEMBER_STOPPED)).findFirst().orElse(null);
            });
            if ("ready".equals(outcome)) return;
            if (attempt == 2) throw new AssertionError("a member stopped during the CP bootstrap twice: " + outcome);
            System.err.println("[in-jvm] a member stopped while the CP subsystem bootstrapped (" + outcome
                    + "); starting the three nodes once more, as a supervisor would");
            stopNodes();
            nodes.clear();
            fatal.clear();
        }
    }

    /** Node {@code i} over the state DB in {@code dir}, not started: what a node process builds at start. */
    private static Node node(int i, Path dir) {
        String id = "node-" + i;
        StateStore store = new StateStore();
        store.open(dir);
        AtomicReference<QuorumSnapshot> snapshot = new AtomicReference<>(QuorumSnapshot.notStarted(id));
        QuorumService quorum = new QuorumService(snapshot::get);
        HazelcastMember member = new HazelcastMember();
        ClusterStateService state = new ClusterStateService(store, quorum, member);
        ClusterSettings settings = plan.settings(i, i == 0 ? "init" : "join");
        SystemClusterRecord system = init -> {
            var found = state.list(StateKind.CLUSTERS, c -> "pyql".equals(c.getName()));
            if (!found.isEmpty()) return Optional.of(found.get(0).getId());
            if (!init) return Optional.empty();
            return Optional.of(state.create(StateKind.CLUSTERS,
                    new ClusterEntity("c:pyql", "pyql", null, "[]", System.currentTimeMillis())).getId());
        };
        JoinTokenVerifier acceptAll = (token, s, cluster) -> JoinTokenVerifier.Result.accept("test node");
        NodeLifecycle lifecycle = new NodeLifecycle(new NodeLifecycle.Node(id, "cluster", "http://127.0.0.1:" + (8000 + i),
                settings, null), store, state, acceptAll, system, member, why -> fatal.add(id + ": " + why), snapshot,
                new NodeLeave());
        return new Node(id, dir, store, member, state, quorum, snapshot, lifecycle);
    }

    @AfterAll
    static void stopNodes() throws IOException {
        for (Node n : nodes) {
            n.lifecycle().close();
            n.store().close();
            try (var files = Files.walk(n.dir())) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    @Test
    @Order(1)
    void everyNodeBecomesReadyAndSeesTheOthers() {
        for (Node n : nodes) {
            InJvmCluster.await(n.id() + " ready", START_MILLIS, () -> n.quorum().ready());
        }
        for (Node n : nodes) {
            QuorumSnapshot s = n.quorum().snapshot();
            assertEquals("cp", s.cp().mode());
            assertEquals(3, s.cp().members());
            assertEquals(3, s.cp().membersPresent());
            InJvmCluster.await(n.id() + " lists 3 CP members", WAIT_MILLIS,
                    () -> n.quorum().snapshot().cp().membersListed() == 3);
            assertEquals(Set.of("node-0", "node-1", "node-2"), Set.copyOf(s.liveNodes()), s.toString());
            assertTrue(s.writable());
            assertEquals(3, s.hazelcast().members());
        }
        assertTrue(fatal.isEmpty(), fatal.toString());
    }

    @Test
    @Order(2)
    void stateIsReconciledRegisteredAndTheClusterIdLearned() {
        for (Node n : nodes) {
            InJvmCluster.await(n.id() + " knows all three nodes in its DB", WAIT_MILLIS,
                    () -> n.state().localRows(StateKind.NODES).stream().map(NodeEntity::getId).toList()
                            .containsAll(List.of("node-0", "node-1", "node-2")));
            InJvmCluster.await(n.id() + " stored the cluster id", WAIT_MILLIS,
                    () -> n.store().setting(NodeRegistry.SETTING_CLUSTER_ID).map("c:pyql"::equals).orElse(false));
        }
        NodeEntity self = nodes.get(1).state().get(StateKind.NODES, "node-1").orElseThrow();
        assertEquals("http://127.0.0.1:8001", self.getHttpAddress());
        assertEquals(1, nodes.get(0).state().list(StateKind.CLUSTERS).size(), "one pyql cluster record");
    }

    @Test
    @Order(3)
    void aQuorumCheckReachesEveryMember() {
        List<CheckResult> results = nodes.get(0).lifecycle().checkAll(10_000);
        assertEquals(3, results.size(), results.toString());
        for (CheckResult r : results) {
            assertEquals(200, r.status(), r.toString());
            assertTrue(r.quorum().inQuorum(), r.toString());
        }
        assertEquals(Set.of("node-0", "node-1", "node-2"), Set.copyOf(results.stream().map(CheckResult::node).toList()));
        QuorumSnapshot refreshed = nodes.get(1).lifecycle().refresh(15_000);
        assertTrue(refreshed.ready(), refreshed.toString());
    }

    @Test
    @Order(4)
    void losingOneMemberKeepsQuorumAndListsItMissing() {
        nodes.get(2).hz().getLifecycleService().terminate();
        for (Node n : nodes.subList(0, 2)) {
            QuorumSnapshot s = InJvmCluster.awaitValue(n.id() + " lists node-2 missing", WAIT_MILLIS, () -> {
                QuorumSnapshot now = n.quorum().snapshot();
                return now.missing().stream().anyMatch(m -> m.uuid().equals("node-2")) ? now : null;
            });
            assertEquals(Set.of("node-0", "node-1"), Set.copyOf(s.liveNodes()));
            assertEquals(2, s.hazelcast().members());
        }
        // a write still succeeds with 2 of 3 (the CP majority, and the state maps' split-brain protection)
        Node survivor = nodes.get(0);
        InJvmCluster.await("node-0 in quorum with 2 of 3", WAIT_MILLIS, () -> survivor.quorum().inQuorum());
        survivor.state().modify(StateKind.NODES, "node-0", e -> e.setHttpAddress("http://127.0.0.1:8000"));
    }

    @Test
    @Order(5)
    void aRestartedMemberGetsItsCpSeatBack() {
        Node dead = nodes.get(2);
        dead.lifecycle().close();
        dead.store().close();
        Node restarted = node(2, dead.dir());   // same data directory, same address, a new member
        nodes.set(2, restarted);
        restarted.lifecycle().start();
        InJvmCluster.await("the restarted node-2 holds a CP seat", START_MILLIS,
                () -> restarted.quorum().snapshot().cp().localCpUuid() != null);
        for (Node n : nodes) {
            InJvmCluster.await(n.id() + " sees a whole CP subsystem of 3", WAIT_MILLIS, () -> {
                QuorumSnapshot.Cp cp = n.quorum().snapshot().cp();
                return cp.members() == 3 && cp.membersPresent() == 3 && cp.membersListed() == 3;
            });
            InJvmCluster.await(n.id() + " ready", WAIT_MILLIS, () -> n.quorum().ready());
            InJvmCluster.await(n.id() + " lists nobody missing", WAIT_MILLIS,
                    () -> n.quorum().snapshot().missing().isEmpty());
        }
        assertTrue(restarted.store().setting(NodeRegistry.SETTING_CLUSTER_ID).isPresent(), "rejoined without a token");
    }

    @Test
    @Order(6)
    void losingTheMajorityIsDetectedAndRefusesWrites() {
        nodes.get(1).hz().getLifecycleService().terminate();
        nodes.get(2).hz().getLifecycleService().terminate();
        Node last = nodes.get(0);
        long t0 = System.nanoTime();
        QuorumSnapshot s = InJvmCluster.awaitValue("node-0 out of quorum", WAIT_MILLIS, () -> {
            QuorumSnapshot now = last.quorum().snapshot();
            return now.inQuorum() ? null : now;
        });
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("[in-jvm] majority loss detected after %d ms: %s%n", millis, s.reason());
        assertFalse(s.ready());
        assertTrue(s.reason().contains("CP majority lost") || s.reason().contains("CP call"), s.reason());
        NotInQuorumException refused = assertThrows(NotInQuorumException.class,
                () -> last.state().modify(StateKind.NODES, "node-0", e -> e.setHttpAddress("http://x")));
        assertEquals(503, refused.status());
        assertFalse(((QuorumSnapshot) refused.quorum()).inQuorum());
        try (SerialExecutor ignored = new SerialExecutor("probe-test")) {
            CpProbe.Result probe = new CpProbe(last.member(), new QuorumTracker(), ignored, (started, members) -> { })
                    .probe();
            assertTrue(probe.attempted(), probe.toString());
            assertNull(probe.metadata(), "a CP call fails without the majority: " + probe);
            assertTrue(probe.failure() != null, probe.toString());
        }
        // the nodes whose members died give up (the CDI adapter exits the JVM then); the survivor keeps running
        InJvmCluster.await("node-1 gave up", WAIT_MILLIS, () -> fatal.stream().anyMatch(f -> f.startsWith("node-1: ")));
        assertTrue(fatal.stream().noneMatch(f -> f.startsWith("node-0: ")), fatal.toString());
    }
}
