package org.pyql.cluster.write;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.cluster.route.ClusterIndex;
import org.pyql.cluster.route.EndpointClient;
import org.pyql.cluster.route.TableKey;
import org.pyql.coordination.DataPlaneCp;

/**
 * This node's table sequencers, one per table it was asked to write; created on first use. The node's graceful leave
 * ({@link org.pyql.coordination.NodeLeave}, on SIGTERM) hands every table over: no new writes, the batch in flight
 * finishes, the leader record is withdrawn and the lock given up, so another node takes the table over at its next
 * write instead of after this node's CP session expires. From then on this node sequences nothing (a write that still
 * reaches it is forwarded to the next leader, or answered "not leader").
 */
@ApplicationScoped
public class Sequencers {
    @Inject
    private DataPlaneCp cp;
    @Inject
    private ReplicaSetStore store;
    @Inject
    private ClusterIndex index;
    @Inject
    private EndpointClient client;
    @Inject
    private IdempotencyKeys idempotency;
    @Inject
    private TableLeaders leaders;
    @Inject
    private org.pyql.metrics.PyqlMetrics metrics;
    @Inject
    private org.pyql.coordination.Coordination coordination;

    private final Map<TableKey, TableSequencer> running = new ConcurrentHashMap<>();
    private volatile SequencerContext ctx;
    private volatile boolean leaving;
    private final java.util.concurrent.atomic.AtomicBoolean leaveRegistered = new java.util.concurrent.atomic.AtomicBoolean();

    TableSequencer of(TableKey key) {
        if (leaveRegistered.compareAndSet(false, true)) {
            LOADED_BEFORE_THE_LEAVE.add(Leaver.class);   // the server unloads the application's classes while it stops
            coordination.onLeave(org.pyql.coordination.NodeLeave.Stage.WORK, "tables handed over", this::handOver);
        }
        TableSequencer s = running.computeIfAbsent(key, k -> new TableSequencer(k, context()));
        if (leaving) s.stop();   // created during the leave: it takes nothing (its writes answer "not leader")
        return s;
    }

    /** The graceful leave's step: every table handed over at once (each finishes its batch in flight first). */
    private void handOver() {
        leaving = true;
        List<TableSequencer> all = new ArrayList<>(running.values());
        List<Thread> leavers = new ArrayList<>();
        for (TableSequencer s : all) {
            Thread t = new Thread(new Leaver(s), "pyql-hand-over");
            t.start();
            leavers.add(t);
        }
        for (Thread t : leavers) {
            try {
                t.join(HAND_OVER_MILLIS + 2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A batch in flight waits at most for its replicas' 5 s apply timeout; this leaves room for the CP calls. */
    public static final long HAND_OVER_MILLIS = 10_000;

    private static final List<Class<?>> LOADED_BEFORE_THE_LEAVE = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Not a lambda, loaded early: the hand-over runs while the server unloads the application's classes. */
    private record Leaver(TableSequencer sequencer) implements Runnable {
        @Override
        public void run() {
            sequencer.leave(HAND_OVER_MILLIS);
        }
    }

    /** Whether this node currently sequences {@code key}. */
    public boolean leads(TableKey key) {
        TableSequencer s = running.get(key);
        return s != null && s.leading();
    }

    /**
     * Runs {@code work} on the sequencer thread of {@code key} between two batches, as the table's leader (this node
     * takes the lead when nobody holds it; the future fails when another node leads). See
     * {@link TableSequencer.BetweenBatches}.
     */
    public <T> java.util.concurrent.CompletableFuture<T> betweenBatches(TableKey key, BetweenBatches<T> work) {
        return of(key).betweenBatches(work);
    }

    private SequencerContext context() {
        SequencerContext c = ctx;
        if (c == null) ctx = c = new SequencerContext(cp, store, index, client, idempotency, leaders, metrics);
        return c;
    }

    @PreDestroy
    void stop() {
        handOver();   // a no-op for sequencers the leave already stopped
        running.values().forEach(TableSequencer::stop);
    }
}
