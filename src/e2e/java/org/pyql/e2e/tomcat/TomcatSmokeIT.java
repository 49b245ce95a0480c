package org.pyql.e2e.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pyql.e2e.harness.Poll;
import org.pyql.e2e.harness.PyqlClient;

/**
 * Smoke test of the Tomcat deployment through {@code scripts/run-tomcat}: the all-in-one node serves {@code /db} and the
 * cluster API; three Tomcat nodes (role cluster, embedded Hazelcast) form one cluster with CP quorum. The first test
 * also pays for building the Tomcat WAR (target/tomcat-build) and unpacking Tomcat from Maven Central.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TomcatSmokeIT {
    static final String PASSWORD = "tomcat-smoke-pw";
    /** Building the Tomcat WAR (a nested Maven build) on a busy 2-core machine, then Tomcat's start. */
    static final Duration FIRST_START = Duration.ofMinutes(6);
    static final Duration START = Duration.ofMinutes(3);

    @Test
    @Order(1)
    void allInOneNodeServesTheDataAndClusterApis() {
        try (TomcatNode node = TomcatNode.start("tomcat-aio-" + UUID.randomUUID().toString().substring(0, 8),
                Map.of("PYQL_CLUSTER_INIT_ADMIN_PW", PASSWORD))) {
            node.awaitLive(FIRST_START);
            PyqlClient admin = node.client().withBasic("admin", PASSWORD);
            Poll.until("all-in-one ready", START, () -> node.client().exchange("GET", "/cluster/pyql/ready", null, null)
                    .status() == 200 ? true : null);
            admin.post("/db/main/table/create", """
                    {"stocks": {"columns": [{"name": "id", "type": "int", "mods": "NOT NULL"},
                     {"name": "symbol", "type": "str", "mods": ""}], "primary_key": "id", "foreign_keys": null}}""")
                    .expect(200);
            assertEquals(2, admin.post("/db/main/table/stocks/insert",
                    "[{\"id\": 1, \"symbol\": \"RHAT\"}, {\"id\": 2, \"symbol\": \"NTAP\"}]").expect(200).rows());
            JsonNode row = admin.get("/db/main/table/stocks/2").expect(200).data().get(0);
            assertEquals("NTAP", row.path("symbol").asText());
            assertEquals(201, admin.post("/cluster/smoke/create", null).status());
            assertEquals("smoke", admin.get("/cluster/smoke").expect(200).json().path("name").asText());
            node.client().get("/db/main/tables").expect(401);   // the JSON error (expect checks its shape), not a Tomcat page
            // the same Micrometer metrics and request ids as on Payara
            PyqlClient.Response metrics = node.client().exchange("GET", "/metrics", null, null);
            assertEquals(200, metrics.status(), metrics.describe());
            assertTrue(metrics.raw().contains("pyql_http_requests_seconds_count{method=\"POST\",route=\"/db/{db}/table/{t}/insert\",status=\"200\"} 1"),
                    metrics.raw());
            assertEquals("tomcat-req-1", node.client().withHeader("X-Request-Id", "tomcat-req-1").get("/pyql/live")
                    .headers().firstValue("X-Request-Id").orElse(null));
            // the web console's static files are served on Tomcat too, without credentials
            PyqlClient.Response page = node.client().exchange("GET", "/console/index.html", null, null);
            assertEquals(200, page.status(), page.describe());
            assertTrue(page.raw().contains("src=\"app.js\""), page.describe());
            assertEquals(200, node.client().exchange("GET", "/console/app.js", null, null).status());
        }
    }

    @Test
    @Order(2)
    void threeTomcatNodesFormACpQuorum() throws Exception {
        String cluster = "tomcat-smoke-" + UUID.randomUUID().toString().substring(0, 8);
        List<Integer> hz = List.of(freePort(), freePort(), freePort());
        String members = hz.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        List<TomcatNode> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Map<String, String> env = new LinkedHashMap<>();
                env.put("PYQL_ROLE", "cluster");
                env.put("PYQL_CLUSTER_NAME", cluster);
                env.put("PYQL_CLUSTER_MEMBERS", members);
                env.put("PYQL_HZ_INTERFACE", "127.0.0.1");
                env.put("PYQL_HZ_PORT", Integer.toString(hz.get(i)));
                env.put("PYQL_CLUSTER_ACTION", "init");   // the bootstrap group: every node has the init secret
                env.put("PYQL_CLUSTER_INIT_ADMIN_PW", PASSWORD);
                nodes.add(TomcatNode.start(cluster + "-n" + (i + 1), env));
                if (i == 0) nodes.get(0).awaitLive(FIRST_START);   // the others reuse the WAR it may have built
            }
            for (TomcatNode n : nodes) n.awaitLive(START);
            for (TomcatNode n : nodes) {
                JsonNode doc = Poll.until(n.name + " ready with quorum", START, () -> {
                    PyqlClient.Response r = n.client().exchange("GET", "/cluster/pyql/ready", null, null);
                    return r.status() == 200 ? r.json() : null;
                });
                assertTrue(doc.path("in_quorum").asBoolean(), doc.toString());
                assertEquals(3, doc.path("nodes").path("nodes").size(), doc.toString());
            }
            // a metadata write on one node is seen on another (CP subsystem and replication on Tomcat)
            PyqlClient admin1 = nodes.get(0).client().withBasic("admin", PASSWORD);
            assertEquals(201, admin1.post("/cluster/across/create", null).status());
            PyqlClient admin3 = nodes.get(2).client().withBasic("admin", PASSWORD);
            Poll.until("cluster 'across' visible on node 3", Duration.ofSeconds(30),
                    () -> admin3.exchange("GET", "/cluster/across", null, null).status() == 200 ? true : null);
        } finally {
            nodes.forEach(TomcatNode::close);
        }
    }

    /** The deployment tooling (fabric8, picocli, org.pyql.deploy) stays out of both WARs. */
    @Test
    @Order(3)
    void neitherWarCarriesTheDeploymentTooling() throws IOException {
        for (java.nio.file.Path war : List.of(org.pyql.e2e.harness.E2eEnv.war(),
                java.nio.file.Path.of("target/tomcat-build/pyql-cluster-tomcat.war"))) {
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(war.toFile())) {
                List<String> tooling = zip.stream().map(java.util.zip.ZipEntry::getName)
                        .filter(n -> n.contains("fabric8") || n.contains("kubernetes-") || n.contains("picocli")
                                || n.contains("vertx") || n.startsWith("WEB-INF/classes/org/pyql/deploy"))
                        .toList();
                assertEquals(List.of(), tooling, war.toString());
                assertTrue(zip.getEntry("WEB-INF/classes/org/pyql/api/NodeResource.class") != null, war + " has the app");
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
