package org.pyql.e2e.heal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pyql.e2e.data.DataCluster.mysql;
import static org.pyql.e2e.data.DataCluster.sqlite;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pyql.e2e.data.ClusterTable;
import org.pyql.e2e.data.DataCluster;
import org.pyql.e2e.data.DataCluster.Database;
import org.pyql.e2e.data.ReplicaComparer;
import org.pyql.e2e.data.WriteAnswer;
import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.Poll;

/**
 * Healing by snapshot, across back ends: the table lives on a MySQL endpoint whose replication log keeps only
 * {@value #RETENTION} entries. A SQLite replica stopped for more writes than that cannot be replayed: it gets a full
 * copy (shadow table, swapped in with the donor's position), then the tail and the cutover; its job shows method
 * snapshot, done, 100 %. A SQLite endpoint that joins later (a {@code new} replica) is filled the same way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotHealIT {
    static final int RETENTION = 50;
    static final Duration HEAL = Duration.ofSeconds(180);
    private DataCluster dc;

    @BeforeAll
    void start() {
        dc = DataCluster.builder("snap").clusterNodes(1).endpoint("m1", mysql("m")).endpoint("s1", sqlite("s"))
                .endpoint("s2", sqlite("s")).start();
    }

    @AfterAll
    void stop() {
        if (dc != null) dc.close();
    }

    @Test
    void gapBeyondTheLogIsHealedBySnapshotAndANewSqliteReplicaOfAMysqlTableIsFilled() {
        dc.requireMysql("a MySQL donor for a SQLite replica");
        Database donor = dc.db("m1", "m");
        Database lagging = dc.db("s1", "s");
        Database joiner = dc.db("s2", "s");
        var donorNode = donor.endpoint().node();
        donorNode.stop();
        donorNode.setEnv("PYQL_REPLICATION_LOG_MAX_ENTRIES", Integer.toString(RETENTION));
        donorNode.start();

        String cluster = DataCluster.uniqueName("snap");
        dc.join(cluster, donor, lagging);
        ClusterTable t = new ClusterTable(dc, cluster, ReplayHealIT.TABLE, List.of(donor, lagging));
        dc.owner(1).post("/cluster/" + cluster + "/table/create", Json.parse(ReplayHealIT.CREATE)).expect(200);
        dc.awaitInSync(cluster, ReplayHealIT.TABLE, 2, Duration.ofSeconds(60));
        for (int i = 0; i < 10; i++) t.write(1, "POST", "/insert", Json.parse("{'name': 'before-" + i + "', 'qty': " + i + "}"));

        lagging.endpoint().node().stop();
        int gap = 4 * RETENTION;
        for (int i = 0; i < gap; i++) {
            WriteAnswer w = WriteAnswer.of(dc.owner(1).post(t.path("/insert"), Json.parse("{'name': 'gap-" + i + "', 'qty': "
                    + i + "}")));
            assertEquals(200, w.status(), w.toString());
        }
        JsonNode log = donor.admin().get("/db/" + donor.name() + "/replication/" + ReplayHealIT.TABLE + "/log?limit=1").expect(200).json();
        assertTrue(log.path("first_seq").asLong() > 12, "the donor's log no longer covers the gap: " + log);

        lagging.endpoint().node().start();
        dc.awaitInSync(cluster, ReplayHealIT.TABLE, 2, HEAL);
        var rows = ReplicaComparer.assertIdentical(ReplayHealIT.TABLE, List.of(donor, lagging));
        assertEquals(10 + gap, rows.size());
        JsonNode job = doneJob(cluster, lagging);
        assertEquals("snapshot", job.path("method").asText(), job.toString());
        assertEquals(100.0, job.path("progress").path("percent").asDouble(), job.toString());
        assertTrue(job.path("result").asText().contains("copied from"), job.toString());

        // a new replica: an endpoint joining the cluster whose table it lacks
        dc.join(cluster, joiner);
        dc.awaitInSync(cluster, ReplayHealIT.TABLE, 3, HEAL);
        ReplicaComparer.assertIdentical(ReplayHealIT.TABLE, List.of(donor, lagging, joiner));
        t = new ClusterTable(dc, cluster, ReplayHealIT.TABLE, List.of(donor, lagging, joiner));
        t.write(1, "POST", "/insert", Json.parse("{'name': 'after-join', 'qty': 7}"));
        ReplicaComparer.assertIdentical(ReplayHealIT.TABLE, List.of(donor, lagging, joiner));
        assertEquals("snapshot", doneJob(cluster, joiner).path("method").asText());
    }

    private JsonNode doneJob(String cluster, Database replica) {
        return Poll.until("healing job of " + replica + " done", Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
            for (JsonNode j : dc.owner(1).get("/cluster/" + cluster + "/jobs").expect(200).json().path("jobs")) {
                if (j.path("replica").asText().equals(replica.id()) && j.path("state").asText().equals("done")) return j;
            }
            return null;
        });
    }
}
