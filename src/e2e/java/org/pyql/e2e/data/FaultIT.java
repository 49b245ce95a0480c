package org.pyql.e2e.data;

import static org.pyql.e2e.data.DataCluster.sqlite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pyql.e2e.data.DataCluster.Database;

/**
 * The short, seeded fault run of the default suite (its long sibling is {@link FaultLongIT}): 4 writers and a strong
 * reader on a table with 3 SQLite replicas behind 3 cluster nodes; kill -9 of a seeded endpoint, then of the table's
 * sequencer (when the routing view names it; otherwise of every cluster node in a seeded order, so the sequencer is
 * among them), each followed by more acknowledged writes and a restart. Then the {@link WriteHistory} checks: no
 * acknowledged write lost, none applied twice (Idempotency-Key retries across the killed nodes: exactly once), no
 * refused write applied, in-sync replicas identical row by row, no read that missed an acknowledged write (also
 * through the restarted, out-of-sync endpoint's former routes). Repeat a run with {@code -Dpyql.e2e.seed=N}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultIT {
    private DataCluster dc;

    @BeforeAll
    void start() {
        dc = DataCluster.builder("fault").clusterNodes(3)
                .endpoint("f1", sqlite("f")).endpoint("f2", sqlite("f")).endpoint("f3", sqlite("f")).start();
    }

    @AfterAll
    void stop() {
        if (dc != null) dc.close();
    }

    @Test
    void killedEndpointAndSequencerDuringConcurrentWritesLoseNothingAndApplyNothingTwice() throws Exception {
        Seed seed = Seed.forTest("FaultIT");
        Random schedule = seed.random(-1);
        List<Database> replicas = List.of(dc.db("f1", "f"), dc.db("f2", "f"), dc.db("f3", "f"));
        try (FaultScenario run = new FaultScenario(dc, DataCluster.uniqueName("fault"), replicas, seed)) {
            run.setUp();
            run.start(4);
            run.awaitAcks(50, "before any fault");

            Database victim = replicas.get(schedule.nextInt(replicas.size()));
            int killedAt = run.acks();
            run.killEndpoint(victim);
            run.awaitAcks(50, "with endpoint " + victim + " down");

            for (int node : nodesToKill(run, schedule)) {
                run.killNode(node);
                run.awaitAcks(50, "with cluster node " + node + " down");
                run.restartNode(node);
                run.awaitAcks(20, "after cluster node " + node + " came back");
            }
            run.restartEndpoint(victim);
            run.awaitAcks(20, "after endpoint " + victim + " restarted");
            run.stopWorkers();
            run.verify(Map.of(victim, killedAt));
        }
    }

    /** The sequencer if the routing view names it, else every node in a seeded order. */
    static List<Integer> nodesToKill(FaultScenario run, Random schedule) {
        OptionalInt leader = run.sequencerNode();
        if (leader.isPresent()) {
            System.err.println("[pyql-e2e] the table's sequencer is cluster node " + leader.getAsInt());
            return List.of(leader.getAsInt());
        }
        System.err.println("[pyql-e2e] the routing view does not name the sequencer: killing every cluster node in turn");
        List<Integer> all = new ArrayList<>(List.of(1, 2, 3));
        Collections.shuffle(all, schedule);
        return all;
    }
}
