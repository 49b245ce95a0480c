package org.pyql.e2e.data;

import static org.pyql.e2e.data.DataCluster.sqlite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pyql.e2e.data.DataCluster.Database;

/**
 * The long fault run ({@code -Plong}): 8 writers and a strong reader, three rounds; every round kills -9 one cluster
 * node (a seeded permutation, so each node dies once, the sequencer wherever it has moved included), rounds one and
 * two together with a different endpoint each (one replica of three is left in sync); then the same checks as
 * {@link FaultIT}. Each stage waits for 200 further acknowledged writes.
 */
@Tag("long")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultLongIT {
    private DataCluster dc;

    @BeforeAll
    void start() {
        dc = DataCluster.builder("faultlong").clusterNodes(3)
                .endpoint("g1", sqlite("g")).endpoint("g2", sqlite("g")).endpoint("g3", sqlite("g")).start();
    }

    @AfterAll
    void stop() {
        if (dc != null) dc.close();
    }

    @Test
    void roundsOfKilledNodesAndEndpointsLoseNothingAndApplyNothingTwice() throws Exception {
        Seed seed = Seed.forTest("FaultLongIT");
        Random schedule = seed.random(-1);
        List<Database> replicas = List.of(dc.db("g1", "g"), dc.db("g2", "g"), dc.db("g3", "g"));
        List<Integer> nodes = new ArrayList<>(List.of(1, 2, 3));
        Collections.shuffle(nodes, schedule);
        List<Database> endpoints = new ArrayList<>(replicas);
        Collections.shuffle(endpoints, schedule);
        Map<Database, Integer> laggards = new LinkedHashMap<>();
        try (FaultScenario run = new FaultScenario(dc, DataCluster.uniqueName("faultlong"), replicas, seed)) {
            run.setUp();
            run.start(8);
            run.awaitAcks(200, "before any fault");
            for (int round = 0; round < 3; round++) {
                int node = nodes.get(round);
                Database ep = round < 2 ? endpoints.get(round) : null;
                if (ep != null) {
                    laggards.put(ep, run.acks());
                    run.killEndpoint(ep);
                }
                run.killNode(node);
                run.awaitAcks(200, "in round " + (round + 1) + " with node " + node + (ep != null ? " and " + ep : "") + " down");
                run.restartNode(node);
                if (ep != null) run.restartEndpoint(ep);
                run.awaitAcks(200, "after round " + (round + 1));
            }
            run.stopWorkers();
            run.verify(laggards);
        }
    }
}
