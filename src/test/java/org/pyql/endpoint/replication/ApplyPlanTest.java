package org.pyql.endpoint.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.pyql.error.BadRequestException;
import org.pyql.replication.ReplicatedOp;
import org.pyql.replication.ReplicationBatch;

class ApplyPlanTest {
    private static final ObjectNode ROW = JsonNodeFactory.instance.objectNode().put("id", 1);

    private static ReplicatedOp op(long seq, String action) {
        boolean byKey = action.equals(ReplicatedOp.UPDATE_KEY) || action.equals(ReplicatedOp.DELETE_KEY);
        return new ReplicatedOp(seq, action, byKey ? "1" : null, action.equals(ReplicatedOp.DELETE_KEY) ? null : ROW);
    }

    private static ReplicationBatch batch(long term, long from, String... actions) {
        List<ReplicatedOp> ops = new ArrayList<>();
        for (int i = 0; i < actions.length; i++) ops.add(op(from + i, actions[i]));
        return new ReplicationBatch("c", "t", term, from, ops);
    }

    private static List<Long> seqs(List<ReplicatedOp> ops) {
        return ops.stream().map(ReplicatedOp::seq).toList();
    }

    @Test
    void aWellFormedBatchPasses() {
        ApplyPlan.validate(batch(1, 1, "insert", "update", "delete", "update_key", "delete_key", "create"), "t");
        ApplyPlan.validate(new ReplicationBatch("c", null, 1, 5, List.of(op(5, "insert"))), "t");
    }

    @Test
    void malformedBatchesAre400() {
        assertThrows(BadRequestException.class, () -> ApplyPlan.validate(null, "t"));
        assertThrows(BadRequestException.class, () -> ApplyPlan.validate(
                new ReplicationBatch(" ", "t", 1, 1, List.of(op(1, "insert"))), "t"));
        assertThrows(BadRequestException.class, () -> ApplyPlan.validate(batch(1, 1, "insert"), "other"));
        assertThrows(BadRequestException.class, () -> ApplyPlan.validate(batch(0, 1, "insert"), "t"));
        assertThrows(BadRequestException.class, () -> ApplyPlan.validate(batch(1, 0, "insert"), "t"));
        assertThrows(BadRequestException.class, () -> ApplyPlan.validate(new ReplicationBatch("c", "t", 1, 1, null), "t"));
        assertThrows(BadRequestException.class, () -> ApplyPlan.validate(
                new ReplicationBatch("c", "t", 1, 1, List.of(op(1, "insert"), op(3, "insert"))), "t"));
        assertThrows(BadRequestException.class, () -> ApplyPlan.validate(
                new ReplicationBatch("c", "t", 1, 1, List.of(new ReplicatedOp(1, "upsert", null, ROW))), "t"));
        assertThrows(BadRequestException.class, () -> ApplyPlan.validate(
                new ReplicationBatch("c", "t", 1, 1, List.of(new ReplicatedOp(1, "update_key", null, ROW))), "t"));
        assertThrows(BadRequestException.class, () -> ApplyPlan.validate(
                new ReplicationBatch("c", "t", 1, 1, List.of(new ReplicatedOp(1, "insert", "1", ROW))), "t"));
        assertThrows(BadRequestException.class, () -> ApplyPlan.validate(
                new ReplicationBatch("c", "t", 1, 1, List.of(new ReplicatedOp(1, "update", null, null))), "t"));
        List<ReplicatedOp> tooMany = new ArrayList<>();
        for (int i = 1; i <= ApplyPlan.MAX_OPS + 1; i++) tooMany.add(op(i, "insert"));
        assertThrows(BadRequestException.class, () -> ApplyPlan.validate(new ReplicationBatch("c", "t", 1, 1, tooMany), "t"));
    }

    @Test
    void aLowerTermIsStaleAndAStartBeyondTheNextSeqIsAGap() {
        assertEquals(ApplyPlan.Refusal.STALE_TERM, ApplyPlan.refusal(batch(2, 6, "insert"), 3, 5));
        assertEquals(ApplyPlan.Refusal.SEQUENCE_GAP, ApplyPlan.refusal(batch(3, 7, "insert"), 3, 5));
        assertEquals(ApplyPlan.Refusal.STALE_TERM, ApplyPlan.refusal(batch(2, 7, "insert"), 3, 5), "stale wins over gap");
        assertNull(ApplyPlan.refusal(batch(3, 6, "insert"), 3, 5));
        assertNull(ApplyPlan.refusal(batch(9, 1, "insert"), 3, 5), "a redelivery under a newer term is accepted");
        assertNull(ApplyPlan.refusal(batch(1, 1, "insert"), 0, 0), "a fresh replica takes seq 1");
    }

    @Test
    void redeliveredOpsAreSplitOffAndCreatesAreSegmentsOfTheirOwn() {
        ApplyPlan p = ApplyPlan.of(batch(1, 3, "insert", "insert", "create", "update", "delete", "create", "create",
                "insert"), 4);
        assertEquals(List.of(3L, 4L), seqs(p.redelivered()));
        assertEquals(List.of(List.of(5L), List.of(6L, 7L), List.of(8L), List.of(9L), List.of(10L)),
                p.segments().stream().map(ApplyPlanTest::seqs).toList());
        assertEquals(5, p.firstFresh().seq());
    }

    @Test
    void aBatchAppliedBeforeHasNoSegments() {
        ApplyPlan p = ApplyPlan.of(batch(1, 1, "insert", "update"), 2);
        assertEquals(List.of(1L, 2L), seqs(p.redelivered()));
        assertEquals(List.of(), p.segments());
        assertNull(p.firstFresh());
    }

    @Test
    void anEmptyBatchIsAFenceThatAppliesNothing() {
        ReplicationBatch fence = new ReplicationBatch("c", "t", 7, 6, List.of());
        ApplyPlan.validate(fence, "t");
        assertNull(ApplyPlan.refusal(fence, 3, 5));
        assertEquals(ApplyPlan.Refusal.STALE_TERM, ApplyPlan.refusal(new ReplicationBatch("c", "t", 2, 6, List.of()), 3, 5));
        ApplyPlan p = ApplyPlan.of(fence, 5);
        assertEquals(List.of(), p.redelivered());
        assertEquals(List.of(), p.segments());
    }

    @Test
    void aFreshBatchIsOneSegment() {
        ApplyPlan p = ApplyPlan.of(batch(1, 1, "insert", "update_key", "delete_key"), 0);
        assertEquals(List.of(), p.redelivered());
        assertEquals(List.of(List.of(1L, 2L, 3L)), p.segments().stream().map(ApplyPlanTest::seqs).toList());
    }
}
