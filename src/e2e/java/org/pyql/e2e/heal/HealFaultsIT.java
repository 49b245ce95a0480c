package org.pyql.e2e.heal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pyql.e2e.data.DataCluster.mysql;
import static org.pyql.e2e.data.DataCluster.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.pyql.e2e.data.DataCluster;
import org.pyql.e2e.data.DataCluster.Database;
import org.pyql.e2e.data.FaultScenario;
import org.pyql.e2e.data.ReplicaComparer;
import org.pyql.e2e.data.ReplicaState;
import org.pyql.e2e.data.Seed;
import org.pyql.e2e.data.WriteAnswer;
import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.MySql;
import org.pyql.e2e.harness.Poll;
import org.pyql.e2e.harness.PyqlClient.Response;

/**
 * Healing under faults, on one fixture (one cluster node; a MySQL endpoint and three SQLite ones), in order:
 * <ol>
 * <li>a table of {@link #rows()} rows that lives on MySQL (filled over JDBC, joined with its rows) fills a new SQLite
 * replica by snapshot: identical, in sync, the job at 100 % (its rate is printed);</li>
 * <li>the donor of a running snapshot is killed (-9): the job goes on with the other donor, and the target's old
 * same-named table keeps its old rows until the swap (never a partial table);</li>
 * <li>writes go on while a new replica is filled (snapshot, tail replay, cutover): every write is acknowledged, the
 * longest stall of writes to that table is printed (not asserted);</li>
 * <li>an admin evicts an endpoint ({@code DELETE /cluster/{c}/endpoint/{id}}): owners get 403, unknown ids 404, the
 * only in-sync replica of a table 409; the evicted one is gone from the cluster and writes go on without it;</li>
 * <li>a seeded fault run: {@link #faultRounds()} endpoints picked at random are killed -9 and restarted while writers
 * go on; at the end every replica is in sync and identical and no acknowledged write is lost ({@link FaultScenario}).
 * Repeat a run with {@code -Dpyql.e2e.seed=N}.</li>
 * <li>every replica of a table out of sync: the only in-sync one is killed for good after the others fell behind by
 * different amounts; an admin evicts it with {@code ?force=true} and the table recovers from the most advanced of the
 * rest (highest applied seq), reported in the log, and heals the other from it.</li>
 * </ol>
 * {@link HealFaultsLongIT} runs the same with 200,000 rows and more fault rounds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealFaultsIT {
    static final String TABLE = "big";
    static final String CREATE = "{'big': {'columns': [{'name': 'id', 'type': 'int', 'mods': 'NOT NULL AUTOINCREMENT'},"
            + " {'name': 'name', 'type': 'str', 'mods': ''}, {'name': 'qty', 'type': 'int', 'mods': ''},"
            + " {'name': 'pad', 'type': 'str', 'mods': ''}], 'primary_key': 'id', 'foreign_keys': null}}";
    static final Duration HEAL = Duration.ofSeconds(300);
    private DataCluster dc;
    private String cluster;
    private Database m1;
    private Database s1;
    private Database s2;
    private Database s3;

    /** Rows of the MySQL table. */
    int rows() {
        return 20_000;
    }

    /** Characters of padding per row: rows wide enough that a snapshot lasts long enough to kill its donor. */
    int pad() {
        return 600;
    }

    int faultRounds() {
        return 2;
    }

    @BeforeAll
    void start() {
        MySql.requireOrSkip("a MySQL table copied to SQLite replicas");
        dc = DataCluster.builder("hf").clusterNodes(1).endpoint("m1", mysql("h")).endpoint("s1", sqlite("h"))
                .endpoint("s2", sqlite("h")).endpoint("s3", sqlite("h")).start();
        m1 = dc.db("m1", "h");
        s1 = dc.db("s1", "h");
        s2 = dc.db("s2", "h");
        s3 = dc.db("s3", "h");
        cluster = DataCluster.uniqueName("hf");
    }

    @AfterAll
    void stop() {
        if (dc != null) dc.close();
    }

    @Test
    @Order(1)
    void aMysqlTableFillsANewSqliteReplica() throws Exception {
        m1.admin().post("/db/" + m1.name() + "/table/create", Json.parse(CREATE)).expect(200);
        long t0 = System.nanoTime();
        fillOnMysql(m1, rows(), pad());
        System.err.printf("[pyql-e2e] heal: %d rows written on MySQL over JDBC in %.1f s%n", rows(),
                (System.nanoTime() - t0) / 1e9);
        dc.join(cluster, m1, List.of(TABLE));
        dc.awaitInSync(cluster, TABLE, 1, Duration.ofSeconds(60));

        long started = System.nanoTime();
        dc.join(cluster, s1);
        dc.awaitInSync(cluster, TABLE, 2, HEAL);
        double secs = (System.nanoTime() - started) / 1e9;
        TreeMap<String, String> copied = ReplicaComparer.assertIdentical(TABLE, List.of(m1, s1));
        assertEquals(rows(), copied.size());
        JsonNode job = job(s1, "done");
        assertEquals("snapshot", job.path("method").asText(), job.toString());
        assertEquals(100.0, job.path("progress").path("percent").asDouble(), job.toString());
        assertEquals(rows(), job.path("progress").path("total").asLong(), job.toString());
        System.err.printf("[pyql-e2e] heal: new SQLite replica of %d MySQL rows in sync after %.1f s (job rate %s/s)%n",
                rows(), secs, job.path("rate").asText());
    }

    @Test
    @Order(2)
    void aDonorKilledMidSnapshotIsReplacedAndTheTargetKeepsItsOldRowsUntilTheSwap() {
        // s2 has a same-named table of its own, with rows the cluster's copy must replace, atomically
        s2.admin().post("/db/" + s2.name() + "/table/create", Json.parse(CREATE)).expect(200);
        for (int i = 1; i <= 3; i++) {
            s2.admin().post(s2.tablePath(TABLE) + "/insert", Json.parse("{'id': " + (rows() + 1000 + i)
                    + ", 'name': 'old-" + i + "', 'qty': " + i + ", 'pad': 'old'}")).expect(200);
        }
        TreeMap<String, String> old = ReplicaComparer.rows(s2, TABLE);
        assertEquals(3, old.size());

        dc.join(cluster, s2);
        // The job shows phase snapshot, with its donor, as soon as the donor's stream has begun (before the first row
        // reaches the target) and again after the first chunk; a copy of this table lasts a second or more, polled
        // every 20 ms. A copy that ends before it was seen fails here at once rather than waiting out HEAL.
        JsonNode copying = Poll.until("s2's snapshot under way", HEAL, Duration.ofMillis(20), () -> {
            JsonNode j = jobOrNull(s2);
            if (j == null) return null;
            if ("done".equals(j.path("state").asText())) return j;
            if (!"snapshot".equals(j.path("phase").asText())) return null;
            long done = j.path("progress").path("done").asLong();
            return done < j.path("progress").path("total").asLong() && j.path("donor").isTextual() ? j : null;
        });
        assertNotEquals("done", copying.path("state").asText(), "s2's snapshot ended before it was seen under way");
        String donorId = copying.path("donor").asText();
        Database donor = dc.database(donorId);
        Database other = donor == m1 ? s1 : m1;
        System.err.println("[pyql-e2e] heal: kill -9 donor " + donor + " at " + copying.path("progress"));
        donor.endpoint().node().kill();

        // until the swap the target serves its old rows, whole; after it, the donor's, whole
        AtomicBoolean sawOld = new AtomicBoolean();
        Poll.until("s2 in sync", HEAL, Duration.ofMillis(200), () -> {
            TreeMap<String, String> now = ReplicaComparer.rows(s2, TABLE);
            if (now.equals(old)) {
                sawOld.set(true);
            } else {
                assertEquals(rows(), now.size(), "s2 holds either its old rows or the whole copy, never part of it");
            }
            return inSync(s2);
        });
        assertTrue(sawOld.get(), "the old rows were still there after the donor died");
        ReplicaComparer.assertIdentical(TABLE, List.of(other, s2));
        JsonNode job = job(s2, "done");
        assertEquals("snapshot", job.path("method").asText(), job.toString());
        assertTrue(job.path("result").asText().contains(other.id()), "copied from the other donor: " + job);
        assertNotEquals(donorId, job.path("donor").asText(), job.toString());

        donor.endpoint().node().start();
        dc.awaitInSync(cluster, TABLE, 3, HEAL);
        ReplicaComparer.assertIdentical(TABLE, List.of(m1, s1, s2));
    }

    @Test
    @Order(3)
    void writesGoOnThroughEveryPhaseOfAResync() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> phase = new AtomicReference<>("before");
        Map<String, Integer> acksByPhase = new ConcurrentHashMap<>();
        List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong longest = new AtomicLong();
        AtomicLong acks = new AtomicLong();
        Thread writer = new Thread(() -> {
            long last = System.nanoTime();
            for (int i = 0; !stop.get(); i++) {
                long t = System.nanoTime();
                WriteAnswer w = WriteAnswer.of(dc.owner(1).post("/cluster/" + cluster + "/table/" + TABLE + "/insert",
                        Json.parse("{'name': 'during-" + i + "', 'qty': " + i + ", 'pad': 'w'}")));
                long now = System.nanoTime();
                if (w.status() != 200) {
                    refused.add(w.toString());
                    continue;
                }
                acks.incrementAndGet();
                acksByPhase.merge(phase.get(), 1, Integer::sum);
                longest.accumulateAndGet(Math.max(now - t, now - last), Math::max);
                last = now;
            }
        }, "heal-writer");
        writer.start();
        try {
            Poll.until("writes acknowledged", Duration.ofSeconds(60), Duration.ofMillis(100), () -> acks.get() >= 20);
            long before = longest.getAndSet(0);
            dc.join(cluster, s3);
            Poll.until("s3 in sync", HEAL, Duration.ofMillis(100), () -> {
                JsonNode j = jobOrNull(s3);
                if (j != null) phase.set(j.path("state").asText() + "/" + j.path("phase").asText());
                return inSync(s3);
            });
            phase.set("after");
            long during = longest.get();
            Poll.until("writes after the cutover", Duration.ofSeconds(60), Duration.ofMillis(100),
                    () -> acksByPhase.getOrDefault("after", 0) >= 20);
            stop.set(true);
            writer.join(120_000);
            System.err.printf("[pyql-e2e] heal: writes acknowledged per phase of the resync %s; longest stall of writes "
                    + "to %s while it ran: %d ms (before it: %d ms)%n", new TreeMap<>(acksByPhase), TABLE,
                    during / 1_000_000, before / 1_000_000);
            assertTrue(refused.isEmpty(), "every write acknowledged: " + refused);
            assertTrue(acksByPhase.keySet().stream().anyMatch(p -> p.startsWith("running/snapshot")),
                    "writes acknowledged during the snapshot: " + acksByPhase);
        } finally {
            stop.set(true);
            writer.join(120_000);
        }
        dc.awaitInSync(cluster, TABLE, 4, HEAL);
        TreeMap<String, String> all = ReplicaComparer.assertIdentical(TABLE, List.of(m1, s1, s2, s3));
        assertEquals(rows() + acks.get(), all.size(), "the copied rows and every acknowledged write");
    }

    @Test
    @Order(4)
    void anAdminEvictsAnEndpointButNotTheOnlyInSyncReplicaOfATable() {
        String path = "/cluster/" + cluster + "/endpoint/" + s3.id();
        dc.owner(1).delete(path).expect(403).assertErrorShape();
        dc.admin(1).delete("/cluster/" + cluster + "/endpoint/no-such-endpoint").expect(404).assertErrorShape();
        dc.admin(1).delete("/cluster/no-such-cluster-" + cluster + "/endpoint/" + s3.id()).expect(404).assertErrorShape();

        String solo = DataCluster.uniqueName("solo");
        dc.join(solo, s3);
        dc.owner(1).post("/cluster/" + solo + "/table/create", Json.parse(ReplayHealIT.CREATE)).expect(200);
        dc.awaitInSync(solo, ReplayHealIT.TABLE, 1, Duration.ofSeconds(60));
        dc.admin(1).delete("/cluster/" + solo + "/endpoint/" + s3.id()).expect(409).assertErrorShape();
        assertEquals(1, dc.replicas(1, solo, ReplayHealIT.TABLE).size(), "refused: nothing changed");

        JsonNode evicted = dc.admin(1).delete(path).expect(200).json();
        assertEquals(s3.id(), evicted.path("id").asText(), evicted.toString());
        assertEquals(List.of(TABLE), Json.MAPPER.convertValue(evicted.path("tables"), List.class), evicted.toString());
        for (JsonNode e : dc.owner(1).get("/cluster/" + cluster + "/endpoints").expect(200).json().path("endpoints")) {
            assertNotEquals(s3.id(), e.path("id").asText(), "evicted endpoint still listed");
        }
        List<ReplicaState> left = dc.replicas(1, cluster, TABLE);
        assertEquals(3, left.size(), left.toString());
        assertFalse(left.stream().anyMatch(r -> r.endpoint().equals(s3.id())), left.toString());
        WriteAnswer w = WriteAnswer.of(dc.owner(1).post("/cluster/" + cluster + "/table/" + TABLE + "/insert",
                Json.parse("{'name': 'after-eviction', 'qty': 1, 'pad': ''}")));
        assertEquals(200, w.status(), w.toString());
        ReplicaComparer.assertIdentical(TABLE, List.of(m1, s1, s2));
        dc.admin(1).delete(path).expect(404).assertErrorShape();
    }

    @Test
    @Order(5)
    void seededEndpointKillsDuringWritesLoseNothingAndEndInSync() throws Exception {
        Seed seed = Seed.forTest(getClass().getSimpleName());
        Random schedule = seed.random(-2);
        List<Database> replicas = List.of(m1, s1, s2);
        String faults = DataCluster.uniqueName("hfault");
        Map<Database, Integer> laggards = new LinkedHashMap<>();
        try (FaultScenario run = new FaultScenario(dc, faults, replicas, seed)) {
            run.setUp();
            run.start(3);
            run.awaitAcks(30, "before any fault");
            for (int round = 0; round < faultRounds(); round++) {
                Database victim = replicas.get(schedule.nextInt(replicas.size()));
                laggards.putIfAbsent(victim, run.acks());
                run.killEndpoint(victim);
                run.awaitAcks(20 + schedule.nextInt(40), "round " + (round + 1) + " with " + victim + " down");
                run.restartEndpoint(victim);
                run.awaitAcks(20, "round " + (round + 1) + " after " + victim + " restarted");
            }
            dc.awaitInSync(faults, FaultScenario.TABLE, replicas.size(), HEAL);
            run.stopWorkers();
            dc.awaitInSync(faults, FaultScenario.TABLE, replicas.size(), HEAL);
            run.verify(laggards);
            ReplicaComparer.assertIdentical(FaultScenario.TABLE, replicas);
        }
    }

    @Test
    @Order(6)
    void withTheOnlyInSyncReplicaGoneForGoodTheTableRecoversFromTheMostAdvancedOfTheRest() throws Exception {
        String aos = DataCluster.uniqueName("aos");
        String t = "notes";   // not items: s3's items belongs to cluster solo (an endpoint's table has one cluster)
        String items = "/cluster/" + aos + "/table/" + t + "/insert";
        dc.join(aos, s1, s2, s3);
        dc.owner(1).post("/cluster/" + aos + "/table/create", Json.parse(ReplayHealIT.CREATE.replace("'items'", "'notes'")))
                .expect(200);
        dc.awaitInSync(aos, t, 3, Duration.ofSeconds(60));
        for (int i = 0; i < 10; i++) write(items, "all-" + i);
        s3.endpoint().node().kill();
        for (int i = 0; i < 5; i++) write(items, "without-s3-" + i);     // s3 stops at seq 10 (+ create)
        s2.endpoint().node().kill();
        for (int i = 0; i < 5; i++) write(items, "s1-only-" + i);        // s2 stops 5 entries later
        s1.endpoint().node().kill();                                     // the only in-sync replica, gone for good
        Thread other = new Thread(() -> s3.endpoint().node().start());
        other.start();
        s2.endpoint().node().start();
        other.join(DataCluster.START_TIMEOUT.toMillis());
        TreeMap<String, String> s2Rows = ReplicaComparer.rows(s2, t);
        assertEquals(15, s2Rows.size(), "s2 holds the writes up to its kill");

        String path = "/cluster/" + aos + "/endpoint/" + s1.id();
        dc.admin(1).delete(path).expect(409).assertErrorShape();
        dc.admin(1).delete(path + "?force=maybe").expect(400).assertErrorShape();
        JsonNode evicted = dc.admin(1).delete(path + "?force=true").expect(200).json();
        assertEquals(List.of(t), Json.MAPPER.convertValue(evicted.path("forced"), List.class), evicted.toString());

        // no replica in sync: recovered from s2, the most advanced (highest applied seq), then s3 healed from it
        dc.awaitInSync(aos, t, 2, HEAL);
        assertTrue(dc.node(1).logContains("recovered from " + s2.id()), "recovery from s2 reported in the log");
        assertEquals(s2Rows, ReplicaComparer.assertIdentical(t, List.of(s2, s3)), "s2's rows, on both");
        Poll.until("writes acknowledged again", Duration.ofSeconds(60), Duration.ofMillis(300), () ->
                WriteAnswer.of(dc.owner(1).post(items, Json.parse("{'name': 'after', 'qty': 1}"))).status() == 200);
        ReplicaComparer.assertIdentical(t, List.of(s2, s3));
    }

    private void write(String path, String name) {
        WriteAnswer w = WriteAnswer.of(dc.owner(1).post(path, Json.parse("{'name': '" + name + "', 'qty': 1}")));
        assertEquals(200, w.status(), w.toString());
    }

    // ------------------------------------------------------------------ helpers

    private boolean inSync(Database db) {
        return dc.replicas(1, cluster, TABLE).stream().anyMatch(r -> r.endpoint().equals(db.id()) && r.inSync());
    }

    private JsonNode jobOrNull(Database replica) {
        Response r = dc.owner(1).get("/cluster/" + cluster + "/jobs");
        if (r.status() != 200) return null;
        for (JsonNode j : r.json().path("jobs")) {
            if (j.path("replica").asText().equals(replica.id())) return j;
        }
        return null;
    }

    private JsonNode job(Database replica, String state) {
        return Poll.until("healing job of " + replica + " " + state, Duration.ofSeconds(30), Duration.ofMillis(300), () -> {
            JsonNode j = jobOrNull(replica);
            return j != null && state.equals(j.path("state").asText()) ? j : null;
        });
    }

    /** Inserts {@code n} rows straight into the endpoint's MySQL schema (multi-row statements of 1,000). */
    static void fillOnMysql(Database db, int n, int padChars) throws Exception {
        String pad = "p".repeat(padChars);
        try (Connection c = MySql.connect(db.mysqlSchema())) {
            c.setAutoCommit(false);
            int batch = 1000;
            StringBuilder sql = new StringBuilder("INSERT INTO `" + TABLE + "` (id, name, qty, pad) VALUES ");
            for (int i = 0; i < batch; i++) sql.append(i == 0 ? "" : ",").append("(?,?,?,?)");
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int start = 1; start <= n; start += batch) {
                    for (int i = 0; i < batch; i++) {
                        int id = start + i;
                        ps.setInt(4 * i + 1, id);
                        ps.setString(4 * i + 2, "row-" + id);
                        ps.setInt(4 * i + 3, id % 997);
                        ps.setString(4 * i + 4, pad);
                    }
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
    }
}
