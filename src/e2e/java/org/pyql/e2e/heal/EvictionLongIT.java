package org.pyql.e2e.heal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pyql.e2e.data.DataCluster.sqlite;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pyql.e2e.data.DataCluster;
import org.pyql.e2e.data.DataCluster.Database;
import org.pyql.e2e.data.ReplicaComparer;
import org.pyql.e2e.data.WriteAnswer;
import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.Poll;

/**
 * Automatic eviction ({@code -Plong}: it waits out the threshold): with {@code PYQL_ENDPOINT_EVICT_AFTER_SECONDS=}
 * {@value #EVICT_AFTER} on the cluster node, an endpoint stopped and started again within the threshold stays a
 * replica and is healed, and one that stays dead is evicted from the cluster (gone from its endpoints and replica
 * sets) while writes go on.
 */
@Tag("long")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvictionLongIT {
    static final int EVICT_AFTER = 120;
    private DataCluster dc;

    @BeforeAll
    void start() {
        dc = DataCluster.builder("evict").clusterNodes(1).endpoint("e1", sqlite("e")).endpoint("e2", sqlite("e"))
                .endpoint("e3", sqlite("e")).start();
        dc.node(1).stop();
        dc.node(1).setEnv("PYQL_ENDPOINT_EVICT_AFTER_SECONDS", Integer.toString(EVICT_AFTER));
        dc.node(1).start();
        dc.clusterNodes().awaitReady(DataCluster.START_TIMEOUT, 1);
    }

    @AfterAll
    void stop() {
        if (dc != null) dc.close();
    }

    @Test
    void aShortRestartStaysAndADeadEndpointIsEvicted() {
        String cluster = DataCluster.uniqueName("evict");
        Database e1 = dc.db("e1", "e");
        Database e2 = dc.db("e2", "e");
        Database e3 = dc.db("e3", "e");
        dc.join(cluster, e1, e2, e3);
        dc.owner(1).post("/cluster/" + cluster + "/table/create", Json.parse(ReplayHealIT.CREATE)).expect(200);
        dc.awaitInSync(cluster, ReplayHealIT.TABLE, 3, Duration.ofSeconds(60));
        String insert = "/cluster/" + cluster + "/table/" + ReplayHealIT.TABLE + "/insert";

        long down = System.nanoTime();
        e2.endpoint().node().kill();
        write(insert, "while-e2-restarts");
        e2.endpoint().node().start();
        long restartSeconds = (System.nanoTime() - down) / 1_000_000_000L;
        assertTrue(restartSeconds < EVICT_AFTER, "the restart took " + restartSeconds + " s: no short restart to test");
        dc.awaitInSync(cluster, ReplayHealIT.TABLE, 3, Duration.ofSeconds(180));

        e3.endpoint().node().kill();
        write(insert, "with-e3-dead");
        Poll.until("e3 evicted", Duration.ofSeconds(EVICT_AFTER + 120), Duration.ofSeconds(2), () -> {
            for (JsonNode e : dc.owner(1).get("/cluster/" + cluster + "/endpoints").expect(200).json().path("endpoints")) {
                if (e.path("id").asText().equals(e3.id())) return false;
            }
            return true;
        });
        assertTrue(dc.node(1).logContains("answered nothing for"), "the eviction is logged");
        assertEquals(2, dc.replicas(1, cluster, ReplayHealIT.TABLE).size());
        write(insert, "after-eviction");
        assertEquals(3, ReplicaComparer.assertIdentical(ReplayHealIT.TABLE, List.of(e1, e2)).size());
    }

    private void write(String path, String name) {
        WriteAnswer w = WriteAnswer.of(dc.owner(1).post(path, Json.parse("{'name': '" + name + "', 'qty': 1}")));
        assertEquals(200, w.status(), w.toString());
    }
}
