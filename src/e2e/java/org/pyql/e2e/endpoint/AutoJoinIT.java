package org.pyql.e2e.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.pyql.e2e.cluster.TestCluster;
import org.pyql.e2e.harness.Poll;
import org.pyql.e2e.harness.PyqlClient;
import org.pyql.e2e.harness.PyqlNode;

/**
 * {@code PYQL_TYPE=K8S}: a data endpoint joins a real cluster node by itself. It keeps retrying while the cluster is
 * down and joins once it is back; it joins again after its own restart; the cluster records its path, name and database
 * uuid; neither token shows up in the endpoint's log.
 */
class AutoJoinIT {
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(240);

    /** The endpoint the cluster lists for database {@code main}, or null. */
    private static JsonNode listed(PyqlClient clusterAdmin, String uuid) {
        PyqlClient.Response r = clusterAdmin.exchange("GET", "/cluster/data/endpoints", null, null);
        if (r.status() != 200) return null;
        for (JsonNode e : r.json().path("endpoints")) {
            if (e.path("id").asText().equals(uuid)) return e;
        }
        return null;
    }

    private static long joinedLines(PyqlNode node) {
        try {
            return Files.readAllLines(node.logFile(), StandardCharsets.ISO_8859_1).stream()
                    .filter(l -> l.contains("auto-join of database main to data cluster data") && l.contains(": joined"))
                    .count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anEndpointJoinsByItselfRetryingUntilTheClusterAnswersAndAgainAfterARestart() throws Exception {
        try (TestCluster cluster = TestCluster.create("autojoin", 1)) {
            cluster.start(1);
            cluster.awaitReady(Duration.ofSeconds(120), 1);
            PyqlClient clusterAdmin = cluster.admin(1);
            String joinToken = clusterAdmin.get("/auth/token/join").expect(200).text("join");
            cluster.stop(1);   // the endpoint starts while the cluster is down: it must keep trying

            try (PyqlNode endpoint = PyqlNode.builder("autojoin-endpoint").role("endpoint").adminPassword("e2e-aj-pw-1")
                    .database("main", "sqlite:main.db")
                    .env("PYQL_TYPE", "K8S")
                    .env("PYQL_CLUSTER_SVC", cluster.node(1).baseUri().toString())
                    .env("PYQL_CLUSTER_NAME", "data")
                    .env("PYQL_CLUSTER_JOIN_TOKEN", joinToken)
                    .env("PYQL_CLUSTER_ACTION", "init")
                    .env("PYQL_HOST", "127.0.0.1")
                    .env("PYQL_NAME", "seed-endpoint")
                    .start()) {
                endpoint.admin().get("/pyql/ready").expect(200);   // serving while the join is pending
                String uuid = endpoint.admin().get("/db/main/replication").expect(200).json()
                        .path("database").path("uuid").asText();
                endpoint.awaitLog("auto-join of database main to data cluster data", Duration.ofSeconds(60));
                assertEquals(0, joinedLines(endpoint), "no cluster yet: not joined");

                cluster.start(1);
                cluster.awaitReady(Duration.ofSeconds(120), 1);
                JsonNode e = Poll.until("the endpoint listed by the cluster", JOIN_TIMEOUT, Duration.ofSeconds(1),
                        () -> listed(clusterAdmin, uuid));
                assertEquals("127.0.0.1:" + endpoint.port(), e.path("path").asText());
                assertEquals("seed-endpoint", e.path("name").asText());
                assertEquals("main", e.path("database").asText());
                assertFalse(e.has("token"), "the cluster never shows an endpoint token");
                // the cluster records the endpoint before the endpoint reads the answer and logs it
                Poll.until("the endpoint logged its join", JOIN_TIMEOUT, Duration.ofMillis(200),
                        () -> joinedLines(endpoint) >= 1);
                assertEquals(1, joinedLines(endpoint), "one join while the cluster was down and back");

                endpoint.restart();
                Poll.until("a second join after the restart", JOIN_TIMEOUT, Duration.ofSeconds(1),
                        () -> joinedLines(endpoint) == 2);
                assertEquals(1, clusterAdmin.get("/cluster/data/endpoints").expect(200).json().path("endpoints").size(),
                        "the same database joins as the same endpoint");
                String log = Files.readString(endpoint.logFile(), StandardCharsets.ISO_8859_1);
                assertFalse(log.contains(joinToken), "the join token is never logged");
                assertTrue(log.contains("retrying"), "failed attempts are logged");
            }
        }
    }
}
