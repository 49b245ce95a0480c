package org.pyql.cluster.write;

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
 * This node's table sequencers, one per table it was asked to write; created on first use. Stopping the node stops
 * them, which gives their locks up so another node takes the tables over at once instead of after the CP session
 * expires.
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

    private final Map<TableKey, TableSequencer> running = new ConcurrentHashMap<>();
    private volatile SequencerContext ctx;

    TableSequencer of(TableKey key) {
        return running.computeIfAbsent(key, k -> new TableSequencer(k, context()));
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
        running.values().forEach(TableSequencer::stop);
        running.clear();
    }
}
