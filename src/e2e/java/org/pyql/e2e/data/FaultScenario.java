package org.pyql.e2e.data;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import org.pyql.e2e.data.DataCluster.Database;
import org.pyql.e2e.data.WriteHistory.Attempt;
import org.pyql.e2e.data.WriteHistory.Outcome;
import org.pyql.e2e.data.WriteHistory.Read;
import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.Poll;
import org.pyql.e2e.harness.PyqlClient.Response;

/**
 * Concurrent tagged writes and reads on one table while a test kills (SIGKILL) endpoints and cluster nodes, then the
 * {@link WriteHistory} checks. Writers insert rows {@code {"tag": <unique>, "writer": w}} into a table with an
 * auto-increment key (assigned by the sequencer), each with an {@code Idempotency-Key} equal to its tag, and retry an
 * unknown outcome (no answer, 5xx) through a random node until it is definite or the tries run out; a reader reads
 * acknowledged tags back with {@code ?consistency=strong} through random nodes. Every choice comes from the
 * {@link Seed}. Progress, not time, drives the schedule: {@link #awaitAcks} waits for the next acknowledged writes.
 */
public final class FaultScenario implements AutoCloseable {
    public static final String TABLE = "events";
    private static final int MAX_TRIES = 15;

    private final DataCluster dc;
    private final String cluster;
    private final List<Database> replicas;
    private final Seed seed;
    private final WriteHistory history;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger acks = new AtomicInteger();
    /** Acknowledged tags in the order their acknowledgements arrived, with the time of it. */
    private final List<Attempt> acked = new CopyOnWriteArrayList<>();
    private final ExecutorService pool;
    private final List<Future<?>> workers = new ArrayList<>();

    public FaultScenario(DataCluster dc, String cluster, List<Database> replicas, Seed seed) {
        this.dc = dc;
        this.cluster = cluster;
        this.replicas = replicas;
        this.seed = seed;
        this.history = new WriteHistory(seed);
        this.pool = Executors.newCachedThreadPool();
    }

    WriteHistory history() {
        return history;
    }

    /** Joins the replicas and creates the table through the cluster. */
    public void setUp() {
        dc.join(cluster, replicas.toArray(Database[]::new));
        new ClusterTable(dc, cluster, TABLE, replicas).expectAcknowledged(WriteAnswer.of(dc.owner(1).post(
                "/cluster/" + cluster + "/table/create", Json.parse("{'events': {'columns': [{'name': 'eid', 'type': 'int',"
                        + " 'mods': 'NOT NULL AUTOINCREMENT'}, {'name': 'tag', 'type': 'str', 'mods': ''}, {'name': 'writer',"
                        + " 'type': 'int', 'mods': ''}], 'primary_key': 'eid', 'foreign_keys': null}}"))));
        dc.awaitInSync(cluster, TABLE, replicas.size(), Duration.ofSeconds(60));
    }

    private String path(String suffix) {
        return "/cluster/" + cluster + "/table/" + TABLE + suffix;
    }

    /** Starts {@code writers} writers and one strong reader. */
    public void start(int writers) {
        for (int w = 0; w < writers; w++) {
            int writer = w;
            workers.add(pool.submit(() -> writer(writer, seed.random(writer))));
        }
        workers.add(pool.submit(() -> reader(seed.random(1000))));
    }

    private void writer(int w, Random rnd) {
        for (int i = 0; !stop.get(); i++) {
            String tag = "w" + w + "-" + i;
            long t0 = System.nanoTime();
            int status = -1;
            String detail = "";
            String node = "";
            long seq = WriteAnswer.NO_SEQ;
            int tries = 0;
            while (tries < MAX_TRIES) {
                tries++;
                int n = 1 + rnd.nextInt(dc.size());
                node = "n" + n;
                try {
                    Response r = dc.owner(n).withHeader("Idempotency-Key", tag)
                            .exchange("POST", path("/insert"), Json.object().put("tag", tag).put("writer", w), "application/json");
                    status = r.status();
                    detail = r.raw().length() > 300 ? r.raw().substring(0, 300) : r.raw();
                    seq = WriteAnswer.of(r).seq();
                } catch (AssertionError noAnswer) {
                    status = -1;
                    detail = String.valueOf(noAnswer.getMessage());
                }
                if (WriteHistory.classify(status) != Outcome.UNKNOWN) break;
                backoff(tries);
            }
            Attempt a = new Attempt(history.nextId(), w, "insert", tag, node, tries, WriteHistory.classify(status), status, seq,
                    detail, t0, System.nanoTime());
            history.record(a);
            if (a.outcome() == Outcome.ACK) {
                acked.add(a);
                acks.incrementAndGet();
            }
        }
    }

    /** A retry's pause: the next try goes to a random node, give a killed leader's successor a moment. */
    private static void backoff(int tries) {
        try {
            Thread.sleep(Math.min(2000, 100L * tries));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reader(Random rnd) {
        while (!stop.get()) {
            if (acked.isEmpty()) {
                backoff(1);
                continue;
            }
            Attempt a = acked.get(rnd.nextInt(acked.size()));
            read(0, 1 + rnd.nextInt(dc.size()), a.tag(), "?consistency=strong", true);
        }
    }

    /** One read of {@code tag} through node {@code n}, recorded. */
    Read read(int reader, int n, String tag, String query, boolean mustSee) {
        long t0 = System.nanoTime();
        int status = -1;
        int found = 0;
        try {
            Response r = dc.owner(n).exchange("POST", path("/select" + query),
                    Json.parse("{'select': ['*'], 'where': {'tag': '" + tag + "'}}"), "application/json");
            status = r.status();
            if (status == 200) found = r.data().size();
        } catch (AssertionError noAnswer) {
            status = -1;
        }
        Read read = new Read(reader, tag, "n" + n, mustSee, status, found, t0, System.nanoTime());
        history.recordRead(read);
        return read;
    }

    public int acks() {
        return acks.get();
    }

    /** Waits until {@code more} further writes were acknowledged (the cluster keeps serving through the fault). */
    public void awaitAcks(int more, String during) {
        int target = acks.get() + more;
        Poll.until(more + " more acknowledged writes " + during + " (" + history.summary() + ")", Duration.ofSeconds(180),
                Duration.ofMillis(200), () -> acks.get() >= target);
    }

    /** Acknowledged tags from index {@code from} on (in acknowledgement order). */
    List<Attempt> ackedSince(int from) {
        return List.copyOf(acked.subList(Math.min(from, acked.size()), acked.size()));
    }

    /** Stops the workers and waits for them (their in-flight writes finish or run out of tries). */
    public void stopWorkers() throws Exception {
        stop.set(true);
        for (Future<?> f : workers) f.get(5, TimeUnit.MINUTES);
        System.err.println("[pyql-e2e] fault run: " + history.summary());
    }

    /**
     * The table's sequencer, when the routing view names it ({@code leader} in {@code /path} or {@code /endpoints}:
     * a node id or an address): the node to kill to test a leader change.
     */
    OptionalInt sequencerNode() {
        int via = dc.firstRunningNode();
        for (String route : List.of("/path", "/endpoints")) {
            Response r = dc.admin(via).exchange("GET", path(route), null, null);
            if (r.status() != 200) continue;
            JsonNode leader = r.json().path("leader");
            if (leader.isMissingNode() || leader.isNull()) continue;
            String text = leader.toString();
            for (int i : dc.clusterNodes().all()) {
                if (text.contains(":" + dc.node(i).port()) || (dc.node(i).isRunning() && text.contains(dc.clusterNodes().nodeId(i)))) {
                    return OptionalInt.of(i);
                }
            }
        }
        return OptionalInt.empty();
    }

    /** Kills cluster node {@code i} (SIGKILL). */
    void killNode(int i) {
        System.err.println("[pyql-e2e] fault: kill -9 cluster node " + i + " at " + acks() + " acks");
        dc.node(i).kill();
    }

    void restartNode(int i) {
        System.err.println("[pyql-e2e] fault: restart cluster node " + i);
        dc.node(i).start();
        dc.clusterNodes().awaitReady(DataCluster.START_TIMEOUT, i);
    }

    public void killEndpoint(Database db) {
        System.err.println("[pyql-e2e] fault: kill -9 endpoint " + db + " at " + acks() + " acks");
        db.endpoint().node().kill();
    }

    public void restartEndpoint(Database db) {
        System.err.println("[pyql-e2e] fault: restart endpoint " + db);
        db.endpoint().node().start();
    }

    /**
     * After the run: every node answers, then the history checks on the replicas that claim to be in sync, their
     * row-by-row equality, and default reads through every node of writes acknowledged after {@code laggards} went
     * down (a read served by such an out-of-sync replica would miss them).
     */
    public void verify(Map<Database, Integer> laggards) {
        for (int i : dc.clusterNodes().all()) dc.clusterNodes().awaitReady(DataCluster.START_TIMEOUT, i);
        List<String> v = new ArrayList<>();
        List<ReplicaState> states = dc.replicas(1, cluster, TABLE);
        List<Database> inSync = new ArrayList<>();
        for (ReplicaState s : states) if (s.inSync()) inSync.add(dc.database(s.endpoint()));
        assertFalse(inSync.isEmpty(), "some replica is in sync: " + states);
        for (Database db : inSync) v.addAll(history.checkReplica(db.toString(), tagCounts(db)));
        ReplicaComparer.Comparison cmp = ReplicaComparer.compare(TABLE, inSync);
        if (!cmp.identical()) v.add("replicas that claim to be in sync differ: " + cmp.report());
        for (Map.Entry<Database, Integer> e : laggards.entrySet()) {
            if (inSync.contains(e.getKey())) continue;   // healed: it was compared above
            String id = e.getKey().id();
            for (int i : dc.clusterNodes().all()) {
                Poll.until("node " + i + " routes around out-of-sync " + e.getKey(), Duration.ofSeconds(30), () -> {
                    JsonNode doc = dc.admin(i).get(path("/path")).expect(200).json();
                    for (JsonNode r : doc.isArray() ? doc : doc.path("endpoints")) {
                        if (id.equals(r.path("endpoint").asText())) return !r.path("in_sync").asBoolean();
                    }
                    return true;
                });
            }
            List<Attempt> missed = ackedSince(e.getValue());
            for (int k = 0; k < Math.min(30, missed.size()); k++) {
                for (int i : dc.clusterNodes().all()) read(1, i, missed.get(k * missed.size() / Math.min(30, missed.size())).tag(), "", true);
            }
        }
        v.addAll(history.checkReads());
        v.addAll(history.checkSeqs());
        history.assertNone(v);
    }

    /** How many rows carry each tag on one replica (read directly). */
    static Map<String, Integer> tagCounts(Database db) {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode row : db.admin().get(db.tablePath(TABLE)).expect(200).data()) counts.merge(row.path("tag").asText(), 1, Integer::sum);
        return counts;
    }

    @Override
    public void close() {
        stop.set(true);
        pool.shutdownNow();
    }

}
