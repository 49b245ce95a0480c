package org.pyql.endpoint.replication;

import java.util.ArrayList;
import java.util.List;

import org.pyql.error.BadRequestException;
import org.pyql.replication.ReplicatedOp;
import org.pyql.replication.ReplicationBatch;

/**
 * What a batch means for a replica at a given position, decided before anything is touched: whether it is refused
 * (stale term, sequence gap), which ops were applied before (their stored outcome is the answer) and the fresh ones,
 * cut into segments that each commit in one transaction. A {@code create} is a segment of its own: MySQL commits DDL
 * implicitly, and the ops after it need the new table's schema, which is read once the create committed.
 *
 * @param redelivered ops with {@code seq <= appliedSeq}, in batch order
 * @param segments    the other ops, in order, a {@code create} always alone
 */
record ApplyPlan(List<ReplicatedOp> redelivered, List<List<ReplicatedOp>> segments) {
    /** A batch may carry at most this many ops (the sequencer sends at most a few hundred). */
    static final int MAX_OPS = 10_000;

    enum Refusal { STALE_TERM, SEQUENCE_GAP }

    /**
     * 400 unless the batch is well formed: a cluster id, the table of the route (or none), a term of at least 1, ops
     * with consecutive seqs from {@code from_seq >= 1}, known actions, a key exactly for the by-key actions and a body
     * for all but {@code delete_key}.
     */
    static void validate(ReplicationBatch b, String table) {
        if (b == null) throw new BadRequestException("missing JSON body", "a batch {cluster, table, term, from_seq, ops}");
        if (b.cluster() == null || b.cluster().isBlank()) throw new BadRequestException("missing field cluster");
        if (b.table() != null && !b.table().equals(table)) {
            throw new BadRequestException("batch is for table " + b.table() + ", not " + table);
        }
        if (b.term() < 1) throw new BadRequestException("term must be at least 1", "got " + b.term());
        if (b.fromSeq() < 1) throw new BadRequestException("from_seq must be at least 1", "got " + b.fromSeq());
        // an empty batch is a new leader's fence: it only raises the stored term
        if (b.ops() == null) throw new BadRequestException("missing field ops", "a list, empty for a fence");
        if (b.ops().size() > MAX_OPS) throw new BadRequestException("too many ops", "at most " + MAX_OPS + " per batch");
        for (int i = 0; i < b.ops().size(); i++) {
            ReplicatedOp op = b.ops().get(i);
            long expected = b.fromSeq() + i;
            if (op == null) throw new BadRequestException("op " + i + " is null");
            if (op.seq() != expected) {
                throw new BadRequestException("op " + i + " has seq " + op.seq() + ", expected " + expected,
                        "seqs are consecutive from from_seq");
            }
            if (op.action() == null || !ReplicatedOp.ACTIONS.contains(op.action())) {
                throw new BadRequestException("op " + op.seq() + " has unknown action " + op.action(),
                        "actions: " + ReplicatedOp.ACTIONS);
            }
            boolean byKey = op.action().equals(ReplicatedOp.UPDATE_KEY) || op.action().equals(ReplicatedOp.DELETE_KEY);
            if (byKey && (op.key() == null || op.key().isEmpty())) {
                throw new BadRequestException("op " + op.seq() + " (" + op.action() + ") needs a key");
            }
            if (!byKey && op.key() != null) {
                throw new BadRequestException("op " + op.seq() + " (" + op.action() + ") takes no key");
            }
            boolean bodyless = op.action().equals(ReplicatedOp.DELETE_KEY);
            if (!bodyless && (op.body() == null || op.body().isNull() || op.body().isMissingNode())) {
                throw new BadRequestException("op " + op.seq() + " (" + op.action() + ") needs a body");
            }
        }
    }

    /** Why a replica at ({@code storedTerm}, {@code appliedSeq}) must refuse the batch, or null when it may apply it. */
    static Refusal refusal(ReplicationBatch b, long storedTerm, long appliedSeq) {
        if (b.term() < storedTerm) return Refusal.STALE_TERM;
        if (b.fromSeq() > appliedSeq + 1) return Refusal.SEQUENCE_GAP;
        return null;
    }

    /** The plan for a batch that {@link #refusal} accepted. */
    static ApplyPlan of(ReplicationBatch b, long appliedSeq) {
        List<ReplicatedOp> redelivered = new ArrayList<>();
        List<List<ReplicatedOp>> segments = new ArrayList<>();
        List<ReplicatedOp> current = null;
        for (ReplicatedOp op : b.ops()) {
            if (op.seq() <= appliedSeq) {
                redelivered.add(op);
            } else if (op.action().equals(ReplicatedOp.CREATE)) {
                segments.add(List.of(op));
                current = null;
            } else {
                if (current == null) {
                    current = new ArrayList<>();
                    segments.add(current);
                }
                current.add(op);
            }
        }
        List<List<ReplicatedOp>> frozen = new ArrayList<>(segments.size());
        segments.forEach(s -> frozen.add(List.copyOf(s)));
        return new ApplyPlan(List.copyOf(redelivered), List.copyOf(frozen));
    }

    /** The first op that will be applied here, or null when every op is a redelivery. */
    ReplicatedOp firstFresh() {
        return segments.isEmpty() ? null : segments.get(0).get(0);
    }
}
