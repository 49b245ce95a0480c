package org.pyql.cluster.write;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pyql.cluster.route.EndpointClient;
import org.pyql.cluster.route.Replica;
import org.pyql.cluster.route.TableKey;
import org.pyql.coordination.DataPlaneCp;
import org.pyql.query.TableDefinitions;
import org.pyql.query.TableSchema;
import org.pyql.replication.BatchResult;
import org.pyql.replication.LogEntry;
import org.pyql.replication.ReplicatedOp;
import org.pyql.replication.ReplicationBatch;

/**
 * The one writer of one table on this node. A single thread (so the table's CP lock, which belongs to a thread, and
 * all leader state stay on it) takes whatever writes queued up while the previous batch was in flight (group commit,
 * up to {@link #MAX_BATCH}), gives them consecutive seqs, sends them to every in-sync replica at once and waits for
 * all answers, marks failed or divergent replicas out of sync in the CP replica set together with the new acked seq,
 * and only then completes the writes. See DESIGN.md for the protocol and its failure table.
 *
 * <p>Over 400 lines because the batch loop, the cutover tasks and the hand-over on leave all run on this one thread
 * and share its leader state (lock, term, acked seq); splitting them would hand that state across classes. The next
 * piece to move out is the cutover task handling (with {@link BetweenBatches}).
 */
final class TableSequencer {
    private static final Logger LOG = Logger.getLogger(TableSequencer.class.getName());
    static final int MAX_BATCH = 500;
    static final Duration APPLY_TIMEOUT = Duration.ofSeconds(5);
    private static final long MAX_APPLY_TIMEOUT_MS = 60_000;

    /**
     * How long a replica may take to apply a batch of {@code bodyBytes}: 5 s plus 1 s per 64 KiB, at most 60 s. A
     * flat 5 s made a 10,000-row bulk insert "outcome unknown" on every replica of a busy machine (each needed 5-8 s
     * with cold code), although nothing had failed; the slope keeps small writes failing fast.
     */
    static Duration applyTimeout(int bodyBytes) {
        return Duration.ofMillis(Math.min(MAX_APPLY_TIMEOUT_MS, APPLY_TIMEOUT.toMillis() + bodyBytes * 1000L / 65_536));
    }

    record Pending(WriteOp op, CompletableFuture<WriteOutcome> future) {
    }

    /** A wake-up in the write queue: a task waits in {@link #tasks}. */
    private static final Pending TASK_MARK = new Pending(null, null);

    private record Task<T>(BetweenBatches<T> work, CompletableFuture<T> done) {
        void run(TableSequencer s) {
            try {
                BetweenBatches.Result<T> r = work.run(s.set);
                if (r.set() != null) s.set = r.set();
                if (r.recover()) s.needsRecovery = true;
                done.complete(r.value());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }
    }

    private final java.util.concurrent.ConcurrentLinkedQueue<Task<?>> tasks = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private final TableKey key;
    private final SequencerContext ctx;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean leading;

    // sequencer-thread state
    private DataPlaneCp.TableLock lock;
    private ReplicaSetStore.Versioned set;
    private ValueResolver values;
    private boolean needsRecovery;

    TableSequencer(TableKey key, SequencerContext ctx) {
        this.key = key;
        this.ctx = ctx;
        this.thread = new Thread(this::loop, "pyql-sequencer-" + key);
        thread.setDaemon(true);
        thread.start();
    }

    /** This node sequences the table right now (a hint for routing; the lock and the term decide). */
    boolean leading() {
        return leading;
    }

    CompletableFuture<WriteOutcome> submit(WriteOp op) {
        CompletableFuture<WriteOutcome> f = new CompletableFuture<>();
        if (!running) {
            f.complete(WriteOutcome.notLeader(null));
        } else {
            queue.add(new Pending(op, f));
        }
        return f;
    }

    /**
     * Runs {@code work} on the sequencer thread between batches, as this table's leader (taking the lead first when
     * nobody holds it); fails with {@link IllegalStateException} when this node cannot lead the table.
     */
    <T> CompletableFuture<T> betweenBatches(BetweenBatches<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (!running) {
            f.completeExceptionally(new IllegalStateException("sequencer of " + key + " stopped"));
            return f;
        }
        tasks.add(new Task<>(work, f));
        queue.add(TASK_MARK);
        return f;
    }

    private void runTasks() {
        Task<?> t;
        while ((t = tasks.poll()) != null) {
            if (!leading || needsRecovery) {
                WriteOutcome refused;
                try {
                    refused = lead();
                } catch (RuntimeException e) {
                    needsRecovery = true;
                    t.done().completeExceptionally(e);
                    continue;
                }
                if (refused != null) {
                    t.done().completeExceptionally(new IllegalStateException("not leading " + key + ": "
                            + refused.body()));
                    continue;
                }
            }
            t.run(this);
        }
    }

    /** Stops at once: the batch in flight is cut off (its writes answer 503 "write outcome unknown"). */
    void stop() {
        running = false;
        thread.interrupt();
    }

    /**
     * The graceful leave of a stopping node: takes no new writes (they answer "not leader", so a forwarding node looks
     * for the next leader), lets the batch in flight finish, withdraws this node's leader record and gives the lock
     * up, all on the sequencer thread while the Hazelcast member is still up. Only a batch that does not finish within
     * {@code waitMillis} is cut off. Returns whether the thread ended in time.
     */
    boolean leave(long waitMillis) {
        running = false;
        queue.add(TASK_MARK);   // wakes the loop at once instead of after its 1 s poll
        try {
            thread.join(waitMillis);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(1000);
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void loop() {
        lock = ctx.cp().lock("table." + key.cpName());
        try {
            while (running) {
                Pending first;
                try {
                    first = queue.poll(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    break;
                }
                if (first == null) continue;
                List<Pending> batch = new ArrayList<>();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                if (batch.removeIf(p -> p == TASK_MARK) || !tasks.isEmpty()) runTasks();
                if (batch.isEmpty()) continue;
                try {
                    handle(batch);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "batch of " + batch.size() + " writes to " + key + " failed", e);
                    failAll(batch, WriteOutcome.error(503, "write outcome unknown", e.getClass().getSimpleName() + ": "
                            + e.getMessage() + "; retry with the same Idempotency-Key"));
                    needsRecovery = true;
                }
            }
        } finally {
            boolean wasLeading = leading;
            leading = false;
            Thread.interrupted();   // a cut-off batch leaves the flag set: CP calls would fail at once and keep the lock
            if (wasLeading) ctx.leaders().withdraw(key);   // forwarding nodes stop sending here, and take the lead
            lock.release();
            List<Pending> left = new ArrayList<>(queue);
            left.removeIf(p -> p == TASK_MARK);
            failAll(left, WriteOutcome.notLeader(null));
            Task<?> t;
            while ((t = tasks.poll()) != null) t.done().completeExceptionally(new IllegalStateException("sequencer stopped"));
        }
    }

    private void handle(List<Pending> batch) {
        if (!leading || needsRecovery) {
            WriteOutcome refused = lead();
            if (refused != null) {
                failAll(batch, refused);
                return;
            }
        }
        List<Pending> fresh = settleRetries(batch);
        if (fresh.isEmpty()) return;
        ReplicaSet rs = set.set();
        List<Replica> targets = replicas(ctx, key, rs.inSync());
        if (targets.isEmpty()) {
            needsRecovery = true;   // the set may be stale (its in-sync replicas evicted): read it again next time
            failAll(fresh, WriteOutcome.error(503, "no in-sync replica", "table " + key.table()
                    + " has no replica in sync; it is healed automatically, try again later"));
            return;
        }
        long from = rs.ackedSeq() + 1;
        long now = System.currentTimeMillis();
        List<ReplicatedOp> ops = new ArrayList<>(fresh.size());
        for (int i = 0; i < fresh.size(); i++) {
            WriteOp w = fresh.get(i).op();
            ops.add(values.resolve(new ReplicatedOp(from + i, w.action(), w.key(), w.body()), now));
        }
        Map<String, IdempotencyKeys.Entry> pending = new HashMap<>();
        for (int i = 0; i < fresh.size(); i++) {
            String k = fresh.get(i).op().idempotencyKey();
            if (k != null) pending.put(k, new IdempotencyKeys.Entry(from + i, rs.term(), 0, null));
        }
        ctx.idempotency().pending(pending);
        ReplicationBatch out = new ReplicationBatch(key.clusterId(), key.table(), rs.term(), from, ops);
        byte[] body = Json.bytes(out);
        Map<String, CompletableFuture<EndpointClient.Reply>> calls = new LinkedHashMap<>();
        long sent = System.nanoTime();   // metrics: the batch's fan-out latency
        for (Replica r : targets) {
            calls.put(r.endpointId(), ctx.client().post(r, "/replication/" + key.table() + "/apply", body,
                    applyTimeout(body.length)));
        }
        BatchVerdict verdict = BatchVerdict.judge(out, calls);
        if (verdict.staleTerm()) {
            stepDown("a replica knows a newer term");
            failAll(fresh, WriteOutcome.error(503, "write outcome unknown", "the table leader changed while the write "
                    + "was in flight; retry with the same Idempotency-Key"));
            return;
        }
        if (verdict.applied().isEmpty()) {
            values.reset();
            if (verdict.maybeApplied()) {
                needsRecovery = true;
                failAll(fresh, WriteOutcome.error(503, "write outcome unknown", "no replica confirmed the write ("
                        + verdict.errors() + "); retry with the same Idempotency-Key"));
            } else {
                ctx.idempotency().forget(pending.keySet());
                failAll(fresh, WriteOutcome.error(503, "no replica applied the write", verdict.errors().toString()));
            }
            return;
        }
        ReplicaSetStore.Versioned stored = commit(verdict.outOfSync(), out.toSeq());
        if (stored == null) {
            failAll(fresh, WriteOutcome.error(503, "write outcome unknown", "this node stopped sequencing table "
                    + key.table() + " (leader change or quorum loss); retry with the same Idempotency-Key"));
            return;
        }
        set = stored;
        Map<String, IdempotencyKeys.Entry> done = new HashMap<>();
        for (int i = 0; i < fresh.size(); i++) {
            WriteOutcome o = verdict.outcome(i, from + i);
            String k = fresh.get(i).op().idempotencyKey();
            if (k != null) done.put(k, new IdempotencyKeys.Entry(from + i, rs.term(), o.status(), o.body()));
            fresh.get(i).future().complete(o);
        }
        ctx.idempotency().done(done);
        ctx.metrics().batchSequenced(key.clusterId(), key.table(), fresh.size(), System.nanoTime() - sent, out.toSeq(), set.set().inSync());
    }

    /** Marks replicas out of sync and advances acked seq in one compare-and-set; null when no longer the leader. */
    private ReplicaSetStore.Versioned commit(List<String> outOfSync, long toSeq) {
        ReplicaSetStore.Versioned v = set;
        for (int attempt = 0; attempt < 10; attempt++) {
            var stored = ctx.store().replace(key, v, v.set().markedOutOfSync(outOfSync, toSeq));
            if (stored.isPresent()) return stored.get();
            v = ctx.store().read(key);
            if (v.set().term() != set.set().term() || v.set().ackedSeq() != set.set().ackedSeq()) {
                stepDown("the replica set moved on (term " + v.set().term() + ", acked " + v.set().ackedSeq() + ")");
                return null;
            }
            // only membership changed (an endpoint joined): apply the same change to the newer set
        }
        stepDown("the replica set kept changing");
        return null;
    }

    /** Takes the lock and recovers; null when leading now, else the answer for the waiting writes. */
    private WriteOutcome lead() {
        if (!leading) {
            long fence = lock.tryAcquire(0);
            if (fence == 0) return WriteOutcome.notLeader(ctx.leaders().other(key).map(TableLeaders.Leader::url)
                    .orElse(null));
        }
        LeaderRecovery.Result r = new LeaderRecovery(key, ctx).run();
        if (!r.leading()) {
            leading = false;
            lock.release();
            return WriteOutcome.error(503, "table unavailable", r.refusal());
        }
        set = r.set();
        values = new ValueResolver(schema(), this::maxKey);
        needsRecovery = false;
        leading = true;
        ctx.leaders().publish(key, set.set().term());
        return null;
    }

    private void stepDown(String why) {
        LOG.warning(() -> "no longer sequencing " + key + ": " + why);
        leading = false;
        lock.release();
    }

    /**
     * Retries with an Idempotency-Key: a key seen in this batch already shares the first one's outcome, a finished
     * one gets its stored outcome, a pending one that an in-sync replica's log shows applied (same seq and term)
     * gets that outcome. Returns the writes still to apply.
     */
    private List<Pending> settleRetries(List<Pending> batch) {
        Map<String, Pending> firstByKey = new LinkedHashMap<>();
        List<Pending> fresh = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            String k = p.op().idempotencyKey();
            if (k == null) {
                fresh.add(p);
            } else if (firstByKey.containsKey(k)) {
                firstByKey.get(k).future().thenAccept(p.future()::complete);
            } else {
                firstByKey.put(k, p);
            }
        }
        if (firstByKey.isEmpty()) return fresh;
        Map<String, IdempotencyKeys.Entry> known = ctx.idempotency().getAll(firstByKey.keySet());
        for (Map.Entry<String, Pending> e : firstByKey.entrySet()) {
            IdempotencyKeys.Entry entry = known.get(e.getKey());
            WriteOutcome earlier = entry == null ? null : entry.pending() ? fromLog(entry)
                    : WriteOutcome.of(entry.status(), entry.body());
            if (earlier != null) {
                e.getValue().future().complete(earlier);
            } else {
                fresh.add(e.getValue());
            }
        }
        return fresh;
    }

    private WriteOutcome fromLog(IdempotencyKeys.Entry pending) {
        if (pending.seq() > set.set().ackedSeq()) return null;
        for (Replica r : replicas(ctx, key, set.set().inSync())) {
            EndpointClient.Reply reply = ctx.client().get(r, "/replication/" + key.table() + "/log?from=" + pending.seq()
                    + "&limit=1", APPLY_TIMEOUT).join();
            if (!reply.ok()) continue;
            JsonNode entries = reply.json().path("entries");
            if (entries.isEmpty()) continue;
            LogEntry le = Json.MAPPER.convertValue(entries.get(0), LogEntry.class);
            if (le.op().seq() != pending.seq()) continue;
            if (le.term() != pending.term()) return null; // that seq holds another write: this one never applied
            ObjectNode msg = Json.MAPPER.createObjectNode();
            msg.putObject(r.endpointId()).put("status", le.status()).set("content", le.content());
            return BatchVerdict.clientAnswer(le.status(), le.content(), msg, pending.seq(), List.of());
        }
        return null;
    }

    private TableSchema schema() {
        var t = ctx.index().snapshot().table(key.clusterId(), key.table())
                .orElseThrow(() -> new IllegalStateException("table " + key + " is not in the cluster state"));
        ObjectNode def = Json.MAPPER.createObjectNode();
        try {
            def.set(key.table(), Json.MAPPER.readTree(t.getConfig()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return TableDefinitions.parse(def).get(0);
    }

    /** The largest primary key on the most advanced in-sync replica (0 for an empty table). */
    private long maxKey() {
        String pk = values == null ? schema().primaryKey() : values.schema().primaryKey();
        ObjectNode q = Json.MAPPER.createObjectNode();
        q.putArray("select").add(pk);
        q.putArray("orderby").add(pk).add("desc");
        q.put("limit", 1);
        for (Replica r : replicas(ctx, key, set.set().inSync())) {
            EndpointClient.Reply reply = ctx.client().post(r, "/table/" + key.table() + "/select", Json.bytes(q),
                    APPLY_TIMEOUT).join();
            if (reply.ok()) {
                JsonNode row = reply.json().path("data").path(0);
                return row.isMissingNode() ? 0 : row.path(pk).asLong(0);
            }
        }
        throw new IllegalStateException("no in-sync replica of " + key + " answered the key query");
    }

    private static void failAll(List<Pending> batch, WriteOutcome outcome) {
        for (Pending p : batch) p.future().complete(outcome);
    }

    /** The endpoints (addresses, tokens) of the given replica ids, from the routing index. */
    static List<Replica> replicas(SequencerContext ctx, TableKey key, List<String> ids) {
        var snap = ctx.index().snapshot();
        List<Replica> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            snap.replica(key.clusterId(), id, true, ReplicaSet.LOADED).ifPresent(out::add);
        }
        return out;
    }
}
