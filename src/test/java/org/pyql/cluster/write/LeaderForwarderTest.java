package org.pyql.cluster.write;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Which answers of a (former) leader mean the forwarded write never reached a sequencer, so the sender looks again. */
class LeaderForwarderTest {
    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theLeadersOwnNotLeaderAnswerIsNotProcessed() {
        assertTrue(LeaderForwarder.notProcessed(503, true, "application/json",
                json("{\"error\":\"not the table leader\",\"detail\":\"retry\"}")));
    }

    @Test
    void aStoppingNodesRefusalIsNotProcessed() {
        assertTrue(LeaderForwarder.notProcessed(503, false, "application/json",
                json("{\"error\":\"node is stopping\",\"detail\":\"this node is shutting down; retry on another node\"}")));
    }

    @Test
    void aContainerPageWhileTheApplicationIsUnloadedIsNotProcessed() {
        assertTrue(LeaderForwarder.notProcessed(404, false, "text/html;charset=ISO-8859-1", json("<html>Not Found</html>")));
        assertTrue(LeaderForwarder.notProcessed(500, false, "", new byte[0]));
    }

    @Test
    void theApplicationsOwnAnswersArePassedOn() {
        assertFalse(LeaderForwarder.notProcessed(200, false, "application/json", json("{\"status\":200}")));
        assertFalse(LeaderForwarder.notProcessed(404, false, "application/json", json("{\"error\":\"no such table\"}")));
        assertFalse(LeaderForwarder.notProcessed(409, false, "application/json", json("{\"error\":\"duplicate key\"}")));
        // an outcome-unknown 503 of the leader's sequencer: the client decides (it has the Idempotency-Key)
        assertFalse(LeaderForwarder.notProcessed(503, false, "application/json",
                json("{\"error\":\"write outcome unknown\",\"detail\":\"retry with the same Idempotency-Key\"}")));
        assertFalse(LeaderForwarder.notProcessed(503, false, "application/json", json("not json")));
    }
}
