package org.pyql.e2e.heal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
 * Catch-up by replay: one cluster node, two SQLite endpoints; one endpoint is stopped, writes go on (the first one
 * marks it out of sync), it is restarted and the table leader's health checker replays the gap from the other
 * replica's log, cuts over and marks it in sync; both replicas then hold identical rows and its healing job shows
 * method replay, state done, 100 %.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayHealIT {
    static final String TABLE = "items";
    static final String CREATE = "{'items': {'columns': [{'name': 'id', 'type': 'int', 'mods': 'NOT NULL AUTOINCREMENT'},"
            + " {'name': 'name', 'type': 'str', 'mods': ''}, {'name': 'qty', 'type': 'int', 'mods': ''}],"
            + " 'primary_key': 'id', 'foreign_keys': null}}";
    static final Duration HEAL = Duration.ofSeconds(180);
    private DataCluster dc;

    @BeforeAll
    void start() {
        dc = DataCluster.builder("heal").clusterNodes(1).endpoint("h1", sqlite("h")).endpoint("h2", sqlite("h")).start();
    }

    @AfterAll
    void stop() {
        if (dc != null) dc.close();
    }

    @Test
    void stoppedEndpointIsCaughtUpByReplayAndItsJobReaches100Percent() {
        String cluster = DataCluster.uniqueName("heal");
        Database a = dc.db("h1", "h");
        Database b = dc.db("h2", "h");
        dc.join(cluster, a, b);
        ClusterTable t = new ClusterTable(dc, cluster, TABLE, List.of(a, b));
        dc.owner(1).post("/cluster/" + cluster + "/table/create", Json.parse(CREATE)).expect(200);
        dc.awaitInSync(cluster, TABLE, 2, Duration.ofSeconds(60));
        for (int i = 0; i < 20; i++) t.write(1, "POST", "/insert", Json.parse("{'name': 'before-" + i + "', 'qty': " + i + "}"));

        b.endpoint().node().stop();
        int gap = 300;
        for (int i = 0; i < gap; i++) {
            WriteAnswer w = WriteAnswer.of(dc.owner(1).post(t.path("/insert"), Json.parse("{'name': 'gap-" + i + "', 'qty': "
                    + i + "}")));
            assertEquals(200, w.status(), w.toString());
            if (i == 0) assertEquals(List.of(b.id()), w.outOfSync(), "the stopped replica is marked out of sync: " + w);
        }
        dc.owner(1).post(t.path("/1"), Json.parse("{'qty': 1000}")).expect(200);
        assertTrue(dc.replicas(1, cluster, TABLE).stream().anyMatch(r -> r.endpoint().equals(b.id()) && !r.inSync()),
                "out of sync while stopped");

        b.endpoint().node().start();
        dc.awaitInSync(cluster, TABLE, 2, HEAL);
        var rows = ReplicaComparer.assertIdentical(TABLE, List.of(a, b));
        assertEquals(20 + gap, rows.size(), "every row on both replicas");

        // the write path goes to both again
        t.write(1, "POST", "/insert", Json.parse("{'name': 'after', 'qty': 1}"));
        ReplicaComparer.assertIdentical(TABLE, List.of(a, b));

        JsonNode job = Poll.until("healing job of " + b.id() + " done", Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
            for (JsonNode j : dc.owner(1).get("/cluster/" + cluster + "/jobs").expect(200).json().path("jobs")) {
                if (j.path("replica").asText().equals(b.id()) && j.path("state").asText().equals("done")) return j;
            }
            return null;
        });
        assertEquals("replay", job.path("method").asText(), job.toString());
        assertEquals(TABLE, job.path("table").asText(), job.toString());
        assertEquals(100.0, job.path("progress").path("percent").asDouble(), job.toString());
        assertTrue(job.path("progress").path("done").asLong() >= gap, "replayed at least the gap: " + job);
        assertEquals(job.path("progress").path("done").asLong(), job.path("progress").path("total").asLong(), job.toString());
        assertTrue(job.path("started").isTextual(), job.toString());

        JsonNode one = dc.owner(1).get("/cluster/jobs/" + job.path("id").asText()).expect(200).json();
        assertEquals(job.path("id"), one.path("id"));
        DataCluster.User stranger = dc.registerUser("stranger");
        stranger.on(dc.node(1)).get("/cluster/jobs/" + job.path("id").asText()).expect(404).assertErrorShape();
        stranger.on(dc.node(1)).get("/cluster/" + cluster + "/jobs").expect(404).assertErrorShape();
        dc.admin(1).get("/cluster/jobs/" + job.path("id").asText()).expect(200);
    }

    /**
     * The reported bug: creating a cluster table counted a replica in sync although that endpoint's same-named table
     * belonged to another cluster (both at seq 1 of the same create, so position and history looked equal). An
     * endpoint's table has one cluster: the replica stays out of sync and its job says why.
     */
    @Test
    void aSameNamedTableOfAnotherClusterIsNeverCountedInSync() {
        Database a = dc.db("h1", "h");
        Database b = dc.db("h2", "h");
        String t = "shared_" + Long.toString(System.nanoTime() % 100_000, 36);
        String create = CREATE.replace("'items'", "'" + t + "'");
        String theirs = DataCluster.uniqueName("theirs");
        dc.join(theirs, b);
        dc.owner(1).post("/cluster/" + theirs + "/table/create", Json.parse(create)).expect(200);
        dc.awaitInSync(theirs, t, 1, Duration.ofSeconds(60));

        String mine = DataCluster.uniqueName("mine");
        dc.join(mine, a, b);
        WriteAnswer created = WriteAnswer.of(dc.owner(1).post("/cluster/" + mine + "/table/create", Json.parse(create)));
        assertEquals(200, created.status(), created.toString());
        // b refused the new table's first batch (its fence or the create: 409, the table belongs to theirs), so it
        // is out of sync before or by this answer; either way it never acknowledged this cluster's create
        JsonNode onB = created.perReplica().get(b.id());
        assertTrue(onB == null || onB.path("status").asInt() != 200, "b's table is another cluster's: " + created);

        JsonNode job = Poll.until("b's healing job refused", HEAL, Duration.ofMillis(300), () -> {
            if (dc.replicas(1, mine, t).stream().anyMatch(r -> r.endpoint().equals(b.id()) && r.inSync())) {
                return dc.owner(1).post("/cluster/" + mine + "/table/" + t + "/select", Json.parse("{}")).json();
            }
            for (JsonNode j : dc.owner(1).get("/cluster/" + mine + "/jobs").expect(200).json().path("jobs")) {
                if (j.path("replica").asText().equals(b.id()) && j.path("last_error").asText("").contains("another data cluster")) {
                    return j;
                }
            }
            return null;
        });
        assertTrue(job.has("replica"), "b was counted in sync in " + mine + " while its table belongs to " + theirs);
        assertTrue(dc.replicas(1, mine, t).stream().anyMatch(r -> r.endpoint().equals(b.id()) && !r.inSync()),
                "still out of sync");
        // b's table is still the other cluster's: its writes land there and nowhere else
        WriteAnswer w = WriteAnswer.of(dc.owner(1).post("/cluster/" + theirs + "/table/" + t + "/insert",
                Json.parse("{'name': 'theirs', 'qty': 1}")));
        assertEquals(200, w.status(), w.toString());
        assertEquals(1, ReplicaComparer.rows(b, t).size());
        assertEquals(0, ReplicaComparer.rows(a, t).size());
    }
}
