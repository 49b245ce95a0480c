package org.pyql.e2e.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import org.pyql.e2e.harness.Poll;
import org.pyql.e2e.harness.PyqlClient;

/** A node told to join without a join token refuses, says so in its log, and never reports ready. */
class JoinRefusalIT {

    @Test
    void joiningWithoutATokenIsRefusedWithALogLineAndAFailingProbe() {
        try (TestCluster cluster = TestCluster.create("refused", 1,
                Map.of("PYQL_CLUSTER_ACTION", "join", "PYQL_CLUSTER_JOIN_TOKEN", ""))) {
            cluster.start(1);
            cluster.node(1).awaitLog("JOIN REFUSED", Duration.ofSeconds(60));
            JsonNode doc = Poll.until("readiness explains the refusal", Duration.ofSeconds(30), () -> {
                PyqlClient.Response r = cluster.ready(1);
                return r.status() == 503 && r.json().path("reason").asText().contains("join refused") ? r.json() : null;
            });
            assertFalse(doc.path("ready").asBoolean(true));
            assertFalse(doc.path("in_quorum").asBoolean(true));
            assertEquals("unhealthy", doc.path("health").asText());
            assertTrue(doc.path("reason").asText().contains("PYQL_CLUSTER_JOIN_TOKEN"), doc.toString());
            assertEquals(503, cluster.ready(1).status(), "still refused");
        }
    }
}
