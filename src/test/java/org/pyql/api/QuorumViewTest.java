package org.pyql.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pyql.coordination.CheckResult;
import org.pyql.coordination.QuorumSnapshot;

/** The quorum document operators and the original's clients read: keys, units and the health words. */
class QuorumViewTest {
    private static QuorumSnapshot snapshot(boolean ready, boolean inQuorum, QuorumSnapshot.Hazelcast hz) {
        return new QuorumSnapshot("n1", "cluster", "RUNNING", ready, inQuorum, inQuorum, ready ? "ready" : "why not",
                List.of("n1", "n2"), List.of(new QuorumSnapshot.MissingNode("n3", 1_700_000_000_500L)),
                1_700_000_001_250L, new QuorumSnapshot.Cp("cp", 3, true, 3, 2, "cp-1", 3, 1_700_000_000_000L, null,
                1500, 9000, 20), hz);
    }

    @Test
    void theDocumentHasTheOriginalsShapeAndTheDetails() {
        ObjectNode doc = QuorumView.document(snapshot(true, true, new QuorumSnapshot.Hazelcast("demo", 2, "127.0.0.1:5901",
                false)));
        assertEquals(List.of("node", "ready", "in_quorum", "health", "nodes", "missing", "last_update_time", "reason",
                "role", "cp", "hazelcast"), fieldNames(doc));
        assertEquals("healthy", doc.path("health").asText());
        assertEquals("[\"n1\",\"n2\"]", doc.path("nodes").path("nodes").toString());
        assertEquals("n3", doc.path("missing").path("nodes").get(0).path("uuid").asText());
        assertEquals(1_700_000_000.5, doc.path("missing").path("nodes").get(0).path("time").asDouble());
        assertEquals(1_700_000_001.25, doc.path("last_update_time").asDouble());
        JsonNode cp = doc.path("cp");
        assertEquals("cp", cp.path("mode").asText());
        assertTrue(cp.path("local_member").asBoolean());
        assertEquals("cp-1", cp.path("local_cp_uuid").asText());
        assertEquals(3, cp.path("cp_members_listed").asInt());
        assertEquals(2, cp.path("members_present").asInt());
        assertEquals(1.5, cp.path("call_p50_ms").asDouble());
        assertEquals(9.0, cp.path("call_p99_ms").asDouble());
        assertFalse(cp.has("last_failure"));
        assertEquals("demo", doc.path("hazelcast").path("cluster").asText());
        assertFalse(doc.path("hazelcast").path("embedded").asBoolean());
    }

    @Test
    void healthSaysHealingInQuorumAndUnhealthyWithout() {
        assertEquals("healing", QuorumView.document(snapshot(false, true, null)).path("health").asText());
        ObjectNode lost = QuorumView.document(snapshot(false, false, null));
        assertEquals("unhealthy", lost.path("health").asText());
        assertFalse(lost.has("hazelcast"), "no member, no hazelcast section");
    }

    @Test
    void checkResultsAreKeyedByNode() {
        ObjectNode out = QuorumView.checkResults(List.of(new CheckResult("n1", 200, "quorum updated on n1",
                snapshot(true, true, null)), new CheckResult("n2", 504, "no answer", null)));
        assertEquals(200, out.path("n1").path("status").asInt());
        assertEquals("n1", out.path("n1").path("content").path("quorum").path("node").asText());
        assertEquals(504, out.path("n2").path("status").asInt());
        assertFalse(out.path("n2").path("content").has("quorum"));
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
