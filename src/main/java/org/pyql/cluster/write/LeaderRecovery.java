package org.pyql.cluster.write;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

import org.pyql.cluster.route.EndpointClient;
import org.pyql.cluster.route.Replica;
import org.pyql.cluster.route.TableKey;
import org.pyql.replication.BatchResult;
import org.pyql.replication.ReplicaPosition;
import org.pyql.replication.ReplicationBatch;

/**
 * What a node does when it takes a table's lock, before it sequences anything (DESIGN.md, "Leader change"): ask every
 * in-sync replica for its position, choose {@code term = max(every term seen) + 1}, fence the replicas with that
 * term (an empty batch: from then on they refuse the old leader), take the highest applied seq among them as the
 * acknowledged seq, mark the ones below it (and the unreachable ones) out of sync, and store that in the replica set.
 * Refuses to lead when the replicas it reaches hold less than the set's acknowledged seq: acknowledged writes would be
 * lost, so it waits for a replica that has them.
 */
final class LeaderRecovery {
    private static final Logger LOG = Logger.getLogger(LeaderRecovery.class.getName());
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** The result: leading (with the stored set), or why not. */
    record Result(ReplicaSetStore.Versioned set, String refusal) {
        boolean leading() {
            return refusal == null;
        }
    }

    private final TableKey key;
    private final SequencerContext ctx;

    LeaderRecovery(TableKey key, SequencerContext ctx) {
        this.key = key;
        this.ctx = ctx;
    }

    Result run() {
        for (int attempt = 0; attempt < 5; attempt++) {
            ReplicaSetStore.Versioned v = ctx.store().read(key);
            List<Replica> inSync = TableSequencer.replicas(ctx, key, v.set().inSync());
            if (inSync.isEmpty()) return new Result(null, "no replica of " + key.table() + " is in sync");
            Map<String, ReplicaPosition> positions = positions(inSync);
            long maxTerm = v.set().term();
            for (ReplicaPosition p : positions.values()) maxTerm = Math.max(maxTerm, p.term());
            long term = maxTerm + 1;
            Map<String, Long> applied = fence(inSync, positions, term);
            long acked = applied.values().stream().mapToLong(Long::longValue).max().orElse(-1);
            if (applied.isEmpty()) return new Result(null, "no in-sync replica of " + key.table() + " answers");
            if (acked < v.set().ackedSeq()) {
                return new Result(null, "the replicas that answer hold seq " + acked + " but seq " + v.set().ackedSeq()
                        + " was acknowledged; waiting for a replica that has it");
            }
            List<String> behind = new ArrayList<>();
            for (Replica r : inSync) {
                Long a = applied.get(r.endpointId());
                if (a == null || a < acked) behind.add(r.endpointId());
            }
            ReplicaSet next = new ReplicaSet(v.set().version(), term, acked, v.set().replicas())
                    .markedOutOfSync(behind, acked);
            var stored = ctx.store().replace(key, v, next);
            if (stored.isPresent()) {
                long t = term;
                LOG.info(() -> "sequencing " + key + " from this node: term " + t + ", acked seq " + acked
                        + (behind.isEmpty() ? "" : ", out of sync now: " + behind));
                return new Result(stored.get(), null);
            }
        }
        return new Result(null, "the replica set of " + key.table() + " kept changing during leader recovery");
    }

    private Map<String, ReplicaPosition> positions(List<Replica> replicas) {
        Map<String, CompletableFuture<EndpointClient.Reply>> calls = new LinkedHashMap<>();
        for (Replica r : replicas) {
            calls.put(r.endpointId(), ctx.client().get(r, "/replication/" + key.table() + "/position", TIMEOUT));
        }
        Map<String, ReplicaPosition> out = new HashMap<>();
        calls.forEach((id, f) -> {
            EndpointClient.Reply reply = f.join();
            if (reply.ok()) {
                out.put(id, Json.read(reply.body(), ReplicaPosition.class));
            } else {
                LOG.warning(() -> "position of " + key + " on " + id + ": " + reply);
            }
        });
        return out;
    }

    /** Sends each reachable replica an empty batch under {@code term}; returns the applied seq of those that took it. */
    private Map<String, Long> fence(List<Replica> replicas, Map<String, ReplicaPosition> positions, long term) {
        Map<String, CompletableFuture<EndpointClient.Reply>> calls = new LinkedHashMap<>();
        for (Replica r : replicas) {
            ReplicaPosition p = positions.get(r.endpointId());
            if (p == null) continue;
            ReplicationBatch empty = new ReplicationBatch(key.clusterId(), key.table(), term, p.appliedSeq() + 1, List.of());
            calls.put(r.endpointId(), ctx.client().post(r, "/replication/" + key.table() + "/apply", Json.bytes(empty),
                    TIMEOUT));
        }
        Map<String, Long> out = new HashMap<>();
        calls.forEach((id, f) -> {
            EndpointClient.Reply reply = f.join();
            if (reply.ok()) {
                out.put(id, Json.read(reply.body(), BatchResult.class).appliedSeq());
            } else {
                LOG.warning(() -> "fencing " + key + " on " + id + " with term " + term + ": " + reply);
            }
        });
        return out;
    }
}
