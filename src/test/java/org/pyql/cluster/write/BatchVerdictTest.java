package org.pyql.cluster.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.junit.jupiter.api.Test;

import org.pyql.cluster.route.EndpointClient;
import org.pyql.replication.BatchResult;
import org.pyql.replication.OpOutcome;
import org.pyql.replication.ReplicatedOp;
import org.pyql.replication.ReplicationBatch;

class BatchVerdictTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final ReplicationBatch batch = new ReplicationBatch("c", "t", 3, 10, List.of(
            new ReplicatedOp(10, "insert", null, F.objectNode().put("id", 1)),
            new ReplicatedOp(11, "insert", null, F.objectNode().put("id", 1))));

    private static CompletableFuture<EndpointClient.Reply> ok(long applied, int... statuses) {
        List<OpOutcome> outs = new java.util.ArrayList<>();
        for (int i = 0; i < statuses.length; i++) {
            outs.add(new OpOutcome(10 + i, statuses[i], F.objectNode().put("message", "s" + statuses[i])));
        }
        return CompletableFuture.completedFuture(new EndpointClient.Reply(200, Json.bytes(new BatchResult(3, applied, outs)),
                null, false));
    }

    private static CompletableFuture<EndpointClient.Reply> failed(String why, boolean timedOut) {
        return CompletableFuture.completedFuture(new EndpointClient.Reply(0, new byte[0], why, timedOut));
    }

    private static CompletableFuture<EndpointClient.Reply> answered(int status, String error) {
        return CompletableFuture.completedFuture(new EndpointClient.Reply(status,
                Json.bytes(F.objectNode().put("error", error)), null, false));
    }

    @Test
    void agreeingReplicasAckAndADeterministicFailureIsTheSameEverywhere() {
        Map<String, CompletableFuture<EndpointClient.Reply>> calls = new LinkedHashMap<>();
        calls.put("a", ok(11, 200, 409));
        calls.put("b", ok(11, 200, 409));
        BatchVerdict v = BatchVerdict.judge(batch, calls);
        assertEquals(List.of(), v.outOfSync());
        assertEquals(200, v.outcome(0, 10).status());
        assertEquals(409, v.outcome(1, 11).status());
        assertEquals(11, v.outcome(1, 11).body().path("seq").asLong());
        assertTrue(v.outcome(0, 10).body().path("consistency").asBoolean());
    }

    @Test
    void aFailedOrDivergentReplicaIsMarkedAndTheMajorityOutcomeWins() {
        Map<String, CompletableFuture<EndpointClient.Reply>> calls = new LinkedHashMap<>();
        calls.put("a", ok(11, 200, 200));
        calls.put("b", ok(11, 200, 409));
        calls.put("c", ok(11, 200, 409));
        calls.put("d", failed("connection refused", false));
        BatchVerdict v = BatchVerdict.judge(batch, calls);
        assertEquals(List.of("a", "d"), v.outOfSync());
        assertEquals(409, v.outcome(1, 11).status());
        assertFalse(v.maybeApplied());
        assertEquals(List.of("a", "d"), toList(v.outcome(0, 10).body().path("out_of_sync")));
    }

    @Test
    void aTimeoutMayHaveAppliedAndAStaleTermMeansANewerLeader() {
        Map<String, CompletableFuture<EndpointClient.Reply>> calls = new LinkedHashMap<>();
        calls.put("a", failed("timed out", true));
        calls.put("b", answered(409, "stale term"));
        BatchVerdict v = BatchVerdict.judge(batch, calls);
        assertTrue(v.applied().isEmpty());
        assertTrue(v.maybeApplied());
        assertTrue(v.staleTerm());
    }

    @Test
    void anAnswerThatDoesNotCoverTheBatchIsNotAnAck() {
        Map<String, CompletableFuture<EndpointClient.Reply>> calls = new LinkedHashMap<>();
        calls.put("a", ok(10, 200));
        BatchVerdict v = BatchVerdict.judge(batch, calls);
        assertTrue(v.applied().isEmpty());
        assertEquals(List.of("a"), v.outOfSync());
    }

    private static List<String> toList(com.fasterxml.jackson.databind.JsonNode arr) {
        List<String> out = new java.util.ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }
}
