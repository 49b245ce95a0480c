package org.pyql.e2e.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pyql.e2e.data.DataCluster.Database;
import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.Poll;

/**
 * One write order per table: 8 concurrent writers, 500 mixed writes each (insert, update and delete, by key and by
 * where, through all three cluster nodes at random) on 150 overlapping rows of a table with 3 SQLite replicas.
 * Afterwards every replica, read directly, holds the same rows; and replaying the acknowledged writes in the order of
 * their {@code seq} gives exactly those rows: no acknowledged insert missing, no write lost or reordered, and every
 * answer agrees with the state at its seq (an insert acknowledged while the row existed, an update by key of a missing
 * row, a where-delete counting the wrong rows all fail the test). Seeded ({@code -Dpyql.e2e.seed}).
 */
@ExtendWith(SharedDataCluster.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WriteOrderIT {
    private static final int WRITERS = 8;
    private static final int OPS = 500;
    private static final int KEYS = 150;
    private DataCluster dc;

    enum Kind { INSERT, UPDATE_KEY, UPDATE_WHERE, DELETE_KEY, DELETE_WHERE }

    /** One write and its answer. */
    record Op(int writer, int i, Kind kind, int id, String val, int node, int status, long seq, long rows, String answer) {
    }

    @BeforeAll
    void fixture(DataCluster shared) {
        dc = shared;
    }

    @Test
    void concurrentWritersThroughEveryNodeLeaveIdenticalReplicasInSeqOrder() throws Exception {
        Seed seed = Seed.forTest("WriteOrderIT");
        String c = DataCluster.uniqueName("order");
        List<Database> replicas = List.of(dc.db("e1", "orders"), dc.db("e2", "orders"), dc.db("e3", "orders"));
        dc.join(c, replicas.toArray(Database[]::new));
        ClusterTable t = new ClusterTable(dc, c, "kv", replicas);
        t.expectAcknowledged(WriteAnswer.of(dc.owner(1).post("/cluster/" + c + "/table/create", Json.parse(
                "{'kv': {'columns': [{'name': 'id', 'type': 'int', 'mods': 'NOT NULL'}, {'name': 'val', 'type': 'str', 'mods': ''},"
                        + " {'name': 'writer', 'type': 'int', 'mods': ''}, {'name': 'n', 'type': 'int', 'mods': ''}],"
                        + " 'primary_key': 'id', 'foreign_keys': null}}"))));
        dc.awaitInSync(c, "kv", 3, Duration.ofSeconds(60));

        ConcurrentLinkedQueue<Op> ops = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> futures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            futures.add(pool.submit(() -> write(t, writer, seed.random(writer), ops)));
        }
        try {
            for (Future<?> f : futures) f.get(15, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.err.printf("[pyql-e2e] WriteOrderIT: %d writes by %d writers in %d ms (%s)%n", ops.size(), WRITERS, ms, seed);

        List<String> violations = new ArrayList<>();
        for (Op op : ops) {
            if (!allowed(op)) violations.add("unexpected answer: " + op);
        }
        TreeMap<String, String> model = replay(List.copyOf(ops), violations);
        assertNoViolations(violations, seed);

        TreeMap<String, String> onReplicas = t.assertReplicasIdentical();
        if (!model.equals(onReplicas)) {
            List<String> d = ReplicaComparer.differences("the replayed history", model, replicas.get(0).toString(), onReplicas);
            throw new AssertionError(d.size() + " difference(s) between the acknowledged writes replayed in seq order and"
                    + " the replicas (" + seed + "):\n  " + String.join("\n  ", d.subList(0, Math.min(20, d.size()))));
        }
        for (ReplicaState r : dc.replicas(2, c, "kv")) assertEquals(true, r.inSync(), "no replica dropped: " + r);
        for (int i : dc.clusterNodes().all()) {
            assertEquals(model, ClusterTable.keyed(t.read(i, "?consistency=strong"), "id"), "strong read through node " + i);
            int node = i;
            Poll.until("default reads through node " + i + " catch up", Duration.ofSeconds(10),
                    () -> model.equals(ClusterTable.keyed(t.read(node, ""), "id")));
        }
    }

    private void write(ClusterTable t, int writer, Random rnd, ConcurrentLinkedQueue<Op> out) {
        for (int i = 0; i < OPS; i++) {
            int id = 1 + rnd.nextInt(KEYS);
            int node = 1 + rnd.nextInt(dc.size());
            int p = rnd.nextInt(100);
            Kind kind = p < 40 ? Kind.INSERT : p < 65 ? Kind.UPDATE_KEY : p < 75 ? Kind.UPDATE_WHERE : p < 92 ? Kind.DELETE_KEY
                    : Kind.DELETE_WHERE;
            String val = "w" + writer + "-" + i;
            ObjectNode row = Json.object();
            row.put("val", val);
            row.put("writer", writer);
            row.put("n", i);
            org.pyql.e2e.harness.PyqlClient owner = t.owner(node);
            org.pyql.e2e.harness.PyqlClient.Response r = switch (kind) {
                case INSERT -> {
                    ObjectNode ins = row.deepCopy();
                    ins.put("id", id);
                    String[] routes = {"/insert", "", ""};
                    int route = rnd.nextInt(3);
                    yield route == 2 ? owner.put(t.path(""), ins) : owner.post(t.path(routes[route]), ins);
                }
                case UPDATE_KEY -> owner.post(t.path("/" + id), row);
                case UPDATE_WHERE -> owner.post(t.path("/update"), Json.object().<ObjectNode>set("set", row)
                        .set("where", Json.object().put("id", id)));
                case DELETE_KEY -> owner.delete(t.path("/" + id));
                case DELETE_WHERE -> owner.post(t.path("/delete"), Json.parse("{'where': [['id', '=', " + id + "]]}"));
            };
            WriteAnswer w = WriteAnswer.of(r);
            out.add(new Op(writer, i, kind, id, val, node, w.status(), w.seq(), w.ok() ? w.rows() : -1, r.describe()));
        }
    }

    private static boolean allowed(Op op) {
        return switch (op.kind()) {
            case INSERT -> op.status() == 200 || op.status() == 409;
            case UPDATE_KEY, DELETE_KEY -> op.status() == 200 || op.status() == 404;
            case UPDATE_WHERE, DELETE_WHERE -> op.status() == 200 && (op.rows() == 0 || op.rows() == 1);
        };
    }

    /** Applies the writes that carry a seq in seq order, checking each answer against the state it was given at. */
    private static TreeMap<String, String> replay(List<Op> ops, List<String> violations) {
        List<Op> ordered = ops.stream().filter(o -> o.seq() != WriteAnswer.NO_SEQ).sorted(Comparator.comparingLong(Op::seq)).toList();
        long acked = ops.stream().filter(o -> o.status() == 200).count();
        long ackedWithSeq = ordered.stream().filter(o -> o.status() == 200).count();
        if (acked != ackedWithSeq) violations.add((acked - ackedWithSeq) + " acknowledged writes carry no seq");
        Map<Integer, Op> model = new HashMap<>();
        Map<Long, Op> bySeq = new HashMap<>();
        for (Op op : ordered) {
            Op dup = bySeq.put(op.seq(), op);
            if (dup != null) violations.add("seq " + op.seq() + " given twice: " + dup + " and " + op);
            boolean has = model.containsKey(op.id());
            boolean ok = op.status() == 200;
            String at = "at seq " + op.seq() + " row " + op.id() + (has ? " existed" : " did not exist") + ": ";
            switch (op.kind()) {
                case INSERT -> {
                    if (ok == has) violations.add(at + op);
                    if (ok) model.put(op.id(), op);
                }
                case UPDATE_KEY -> {
                    if (ok != has) violations.add(at + op);
                    if (ok) model.put(op.id(), op);
                }
                case UPDATE_WHERE -> {
                    if (op.rows() != (has ? 1 : 0)) violations.add(at + op);
                    if (has) model.put(op.id(), op);
                }
                case DELETE_KEY -> {
                    if (ok != has) violations.add(at + op);
                    if (ok) model.remove(op.id());
                }
                case DELETE_WHERE -> {
                    if (op.rows() != (has ? 1 : 0)) violations.add(at + op);
                    model.remove(op.id());
                }
            }
        }
        TreeMap<String, String> rows = new TreeMap<>();
        for (Map.Entry<Integer, Op> e : model.entrySet()) {
            ObjectNode row = Json.object();
            row.put("id", e.getKey());
            row.put("val", e.getValue().val());
            row.put("writer", e.getValue().writer());
            row.put("n", e.getValue().i());
            rows.put(Integer.toString(e.getKey()), ReplicaComparer.canonical(row));
        }
        return rows;
    }

    private static void assertNoViolations(List<String> v, Seed seed) {
        if (v.isEmpty()) return;
        Set<String> shown = new java.util.LinkedHashSet<>(v.subList(0, Math.min(30, v.size())));
        throw new AssertionError(v.size() + " violation(s) (" + seed + "):\n  " + String.join("\n  ", shown));
    }
}
