package org.pyql.e2e.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.LaunchOptions;
import org.pyql.e2e.harness.Poll;
import org.pyql.e2e.harness.PyqlClient;
import org.pyql.e2e.harness.PyqlNode;

/**
 * One all-in-one node (its databases are data cluster {@code main}, so writes go through the table sequencer and the
 * sequenced apply of the local endpoint), started with {@code PYQL_LOG_FORMAT=json}: the MicroProfile Health routes and
 * the project's probes agree; {@code /metrics} parses strictly and moves as a small load run says it must; {@code
 * /openapi} is served and every response of this class matches it; request ids are echoed and logged; log records are
 * JSON lines.
 */
class OperabilityIT {
    private static final String ADMIN_PW = "ops-e2e-admin-pw";
    private static final String TABLE = "ops_load";
    private static final int WRITES = 40;
    private static PyqlNode node;

    @BeforeAll
    static void start() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PYQL_CLUSTER_NAME", "e2e-ops-" + UUID.randomUUID().toString().substring(0, 8));
        env.put("PYQL_HZ_INTERFACE", "127.0.0.1");
        env.put("PYQL_HZ_PORT", Integer.toString(freePort()));
        env.put("PYQL_LOG_FORMAT", "json");
        PyqlNode.Builder b = PyqlNode.builder("ops").role("standalone").hazelcast(true).adminPassword(ADMIN_PW).env(env)
                .startupTimeout(Duration.ofSeconds(180));
        node = LaunchOptions.applyTo(b, "standalone", env).build();
        node.start();
        Poll.until("node ready", Duration.ofSeconds(120), Duration.ofMillis(300), () -> {
            PyqlClient.Response r = node.client().exchange("GET", "/cluster/pyql/ready", null, null);
            if (r.status() != 200) throw new AssertionError(r.describe());
            return true;
        });
        Poll.until("data cluster main registered", Duration.ofSeconds(60), Duration.ofMillis(300), () -> {
            PyqlClient.Response r = node.admin().get("/cluster/main");
            if (r.status() != 200) throw new AssertionError(r.describe());
            return true;
        });
    }

    @AfterAll
    static void stop() {
        if (node != null) node.close();
    }

    @Test
    void healthRoutesAnswerLikeTheProjectsProbes() {
        PyqlClient anon = node.client().anonymous();
        assertEquals(200, anon.get("/cluster/pyql/ready").status());
        assertEquals("alive", anon.get("/pyql/live").expect(200).text("status"));
        for (String[] probe : new String[][] {{"ready", "pyql-ready"}, {"live", "pyql-live"}, {"started", "pyql-started"}}) {
            PyqlClient.Response r = anon.get("/health/" + probe[0]).expect(200);
            assertEquals("UP", r.text("status"), r.describe());
            boolean found = false;
            for (JsonNode check : r.json().path("checks")) {
                if (check.path("name").asText().equals(probe[1])) {
                    found = true;
                    assertEquals("UP", check.path("status").asText(), r.describe());
                }
            }
            assertTrue(found, "check " + probe[1] + " in " + r.describe());
        }
    }

    @Test
    void metricsMoveWithALoadRun() throws Exception {
        PyqlClient admin = node.admin();
        admin.post("/cluster/main/table/create", Json.parse("{'" + TABLE + "': {'columns': [{'name': 'id', 'type': 'int', "
                + "'mods': 'NOT NULL AUTO_INCREMENT'}, {'name': 'v', 'type': 'str', 'mods': ''}], 'primary_key': 'id', "
                + "'foreign_keys': null}}"));
        PromText before = scrape();
        String route = "/cluster/{c}/table/{t}";
        Map<String, String> posts = Map.of("method", "POST", "route", route, "status", "200");
        double postsBefore = before.sum("pyql_http_requests_seconds_count", posts);
        double opsBefore = before.sum("pyql_replication_batch_ops_sum", Map.of("table", TABLE));
        double appliedBefore = before.sum("pyql_endpoint_apply_ops_sum", Map.of("db", "main", "table", TABLE));

        // the load run: writers in parallel (so batches group several writes), then reads
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < WRITES; i++) {
                int n = i;
                answers.add(pool.submit(() -> admin.post("/cluster/main/table/" + TABLE, Json.parse("{'v': 'row " + n + "'}"))
                        .status()));
            }
            for (Future<Integer> f : answers) assertEquals(200, f.get());
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 5; i++) assertEquals(WRITES, admin.get("/cluster/main/table/" + TABLE).expect(200).data().size());

        PromText after = scrape();
        assertEquals(WRITES, after.sum("pyql_http_requests_seconds_count", posts) - postsBefore,
                "POST " + route + " 200 counted once per write");
        assertTrue(after.sum("pyql_http_requests_seconds_count", Map.of("method", "GET", "route", route, "status", "200"))
                >= 5, "reads counted under their route template");
        assertEquals(WRITES, after.sum("pyql_replication_batch_ops_sum", Map.of("table", TABLE)) - opsBefore,
                "every write is in exactly one sequenced batch");
        double batches = after.sum("pyql_replication_batch_ops_count", Map.of("table", TABLE))
                - before.sum("pyql_replication_batch_ops_count", Map.of("table", TABLE));
        assertTrue(batches >= 1 && batches <= WRITES, "batches: " + batches);
        assertEquals(WRITES, after.sum("pyql_endpoint_apply_ops_sum", Map.of("db", "main", "table", TABLE)) - appliedBefore,
                "the endpoint applied every write once");
        assertEquals("histogram", after.type("pyql_replication_batch_seconds"));
        assertEquals("histogram", after.type("pyql_http_requests_seconds"));
        assertTrue(after.sum("pyql_cp_calls_seconds_count", Map.of("op", "compare-and-set", "outcome", "ok")) >= batches,
                "one replica-set compare-and-set per batch at least");

        // state gauges: the one replica is in sync and not behind; quorum; the pool of database main
        Map<String, String> table = Map.of("cluster", "main", "table", TABLE);
        assertEquals(1.0, after.sum("pyql_replicas", with(table, "state", "in_sync")));
        assertEquals(0.0, after.sum("pyql_replicas", with(table, "state", "out_of_sync")));
        assertEquals(1, after.series("pyql_replica_lag_seqs", table).size(), "lag reported by the table's leader");
        assertEquals(0.0, after.sum("pyql_replica_lag_seqs", table), "lag back to 0 after the load");
        assertEquals(1.0, after.value("pyql_quorum_in_quorum", Map.of()));
        assertEquals(1.0, after.value("pyql_node_ready", Map.of()));
        assertEquals(16.0, after.value("pyql_db_pool_connections", Map.of("db", "main", "state", "max")));
        assertTrue(after.value("pyql_db_pool_connections", Map.of("db", "main", "state", "active")) >= 0);
        assertEquals(0.0, after.sum("pyql_http_requests_seconds_count", Map.of("route", "/cluster/main/table/" + TABLE)),
                "no label per URL");

        // the Grafana dashboard asks only for metrics the node exports (healing jobs: none run on this node)
        java.util.regex.Matcher names = java.util.regex.Pattern.compile("pyql_[a-z_]+")
                .matcher(java.nio.file.Files.readString(java.nio.file.Path.of("docs/grafana-dashboard.json")));
        while (names.find()) {
            String family = names.group().replaceAll("_(bucket|count|sum)$", "");
            if (family.startsWith("pyql_heal_job_") || family.equals("pyql_jobs")) continue;
            assertTrue(after.type(family) != null, "the dashboard's " + family + " is exported");
        }
    }

    @Test
    void unknownRoutesShareOneLabel() {
        PyqlClient anon = node.client().anonymous();
        anon.get("/no/such/route/" + UUID.randomUUID()).expect(404);
        assertTrue(scrape().sum("pyql_http_requests_seconds_count", Map.of("route", "unmatched", "status", "404")) >= 1);
    }

    @Test
    void openApiDocumentIsServedOpenly() {
        PyqlClient.Response r = node.client().anonymous().exchange("GET", "/openapi", null, null);
        assertEquals(200, r.status(), r.describe());
        assertTrue(r.contentType().orElse("").startsWith("application/yaml"), r.describe());
        assertTrue(r.raw().startsWith("openapi: 3.1.0") || r.raw().contains("\nopenapi: 3.1.0"), r.describe());
        assertTrue(r.raw().contains("/cluster/{c}/table/{t}:"), "documents the data routes");
    }

    @Test
    void requestIdsAreEchoedAndLogged() {
        PyqlClient anon = node.client().anonymous();
        String id = "ops-it-" + UUID.randomUUID().toString().substring(0, 8);
        PyqlClient.Response r = anon.withHeader("X-Request-Id", id).get("/pyql/live");
        assertEquals(id, r.headers().firstValue("X-Request-Id").orElse(null), "a sane id is echoed");
        String generated = anon.withHeader("X-Request-Id", "has spaces\tand a tab").get("/pyql/live").headers()
                .firstValue("X-Request-Id").orElseThrow();
        assertNotEquals("has spaces\tand a tab", generated);
        assertTrue(generated.matches("[0-9a-f-]{36}"), "an insane id is replaced by a new one: " + generated);
        assertTrue(anon.get("/pyql/live").headers().firstValue("X-Request-Id").isPresent(), "every answer has one");

        // a request that is logged while served (TRACE is refused and logged by the framing filter)
        String traced = "ops-trace-" + UUID.randomUUID().toString().substring(0, 8);
        PyqlClient.Response t = anon.withHeader("X-Request-Id", traced).exchange("TRACE", "/pyql/live", null, null);
        assertEquals(405, t.status());
        assertEquals(traced, t.headers().firstValue("X-Request-Id").orElse(null));
        JsonNode line = Poll.until("the refusal logged with its request id", Duration.ofSeconds(10),
                Duration.ofMillis(200), () -> jsonLines().stream()
                        .filter(l -> traced.equals(l.path("request_id").asText(null))).findFirst()
                        .orElseThrow(() -> new AssertionError("no JSON log line with request_id " + traced)));
        assertEquals("INFO", line.path("level").asText());
        assertEquals("org.pyql.api.HttpFramingFilter", line.path("logger").asText());
        assertTrue(line.path("message").asText().contains("405"), line.toString());
        String nodeId = anon.get("/pyql/node").text("uuid");
        assertEquals(nodeId, line.path("node").asText(), "the node's id on every line");
    }

    @Test
    void logRecordsAreJsonLinesOnceTheApplicationRuns() {
        List<JsonNode> lines = jsonLines();
        assertTrue(lines.stream().anyMatch(l -> l.path("message").asText().startsWith("pyql node ready")),
                "the ready line is a JSON record");
        for (JsonNode l : lines) {
            for (String field : List.of("time", "level", "logger", "message", "thread")) {
                assertTrue(l.hasNonNull(field), field + " in " + l);
            }
        }
    }

    /** The node's log lines that are JSON objects (the server's own lines before the application started are text). */
    private static List<JsonNode> jsonLines() {
        List<JsonNode> out = new ArrayList<>();
        for (String l : node.logTail(100_000).split("\n")) {
            int brace = l.indexOf("{\"time\"");
            if (brace < 0) continue;
            try {
                out.add(Json.MAPPER.readTree(l.substring(brace)));
            } catch (IOException e) {
                throw new AssertionError("a log line that starts like a JSON record is not JSON: " + l, e);
            }
        }
        return out;
    }

    private static PromText scrape() {
        PyqlClient.Response r = node.client().anonymous().exchange("GET", "/metrics", null, null);
        assertEquals(200, r.status(), r.describe());
        assertTrue(r.contentType().orElse("").startsWith("text/plain"), r.describe());
        assertTrue(r.contentType().orElse("").contains("version=0.0.4"), r.describe());
        return PromText.parse(r.raw());
    }

    private static Map<String, String> with(Map<String, String> m, String k, String v) {
        Map<String, String> out = new LinkedHashMap<>(m);
        out.put(k, v);
        return out;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
