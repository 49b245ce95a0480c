package org.pyql.e2e.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pyql.e2e.harness.E2eEnv;
import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.MySql;
import org.pyql.e2e.harness.PyqlClient;
import org.pyql.e2e.harness.PyqlClient.Response;
import org.pyql.e2e.harness.PyqlNode;

/**
 * An endpoint of its own, configured to keep 5 log entries per table and serving, besides SQLite {@code main} and (when
 * the server is reachable) MySQL {@code company}, a MySQL database {@code gone} whose server does not exist: the log
 * is pruned to the newest entries after applies, a redelivery of a pruned seq says so (410), and the endpoint's
 * readiness is 503 naming the database that does not answer while the others keep serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicationRetentionIT {
    private static final int KEEP = 5;
    private static final String SCHEMA = "pyql_e2e_ret_" + Long.toString(ProcessHandle.current().pid(), 36);

    private PyqlNode node;
    private PyqlClient admin;
    private boolean mysql;

    @BeforeAll
    void start() {
        mysql = MySql.available();
        PyqlNode.Builder b = PyqlNode.builder("retention-endpoint").role("endpoint").adminPassword("e2e-ret-pw-1")
                .database("main", "sqlite:main.db")
                .mysqlDatabase("gone", "127.0.0.1:1/gone", "root", "")
                .env("PYQL_REPLICATION_LOG_MAX_ENTRIES", Integer.toString(KEEP))
                .startupTimeout(Duration.ofSeconds(180));   // the dead database costs two connection timeouts at start
        if (mysql) {
            MySql.recreateDatabase(SCHEMA);
            b.mysqlDatabase("company", MySql.hostPortSchema(SCHEMA), E2eEnv.mysqlUser(), E2eEnv.mysqlPassword());
        }
        node = b.start();
        admin = node.admin();
    }

    @AfterAll
    void stop() {
        try {
            if (node != null) node.close();
        } finally {
            if (mysql) MySql.dropDatabase(SCHEMA);
        }
    }

    private static ObjectNode batch(String t, long from, int n) {
        ObjectNode b = Json.object().put("cluster", "keep-five").put("table", t).put("term", 1).put("from_seq", from);
        ArrayNode ops = b.putArray("ops");
        for (long s = from; s < from + n; s++) {
            ops.addObject().put("seq", s).put("action", "insert").set("body", Json.object().put("id", s).put("v", "r" + s));
        }
        return b;
    }

    private void logKeepsTheNewestEntries(String db) {
        String t = "kept";
        admin.post("/db/" + db + "/table/create", Json.parse("{'" + t + "': {'columns': [{'name': 'id', 'type': 'int',"
                + " 'mods': 'NOT NULL'}, {'name': 'v', 'type': 'str', 'mods': ''}], 'primary_key': 'id',"
                + " 'foreign_keys': null}}")).expect(200);
        admin.put("/db/" + db + "/replication/" + t, Json.parse("{'cluster': 'keep-five', 'cluster_name': 'five'}"))
                .expect(200);
        String apply = "/db/" + db + "/replication/" + t + "/apply";
        admin.post(apply, batch(t, 1, 4)).expect(200);
        assertEquals(1, admin.get("/db/" + db + "/replication/" + t + "/position").expect(200).json()
                .get("log_first_seq").asLong(), "4 entries: nothing pruned yet");
        admin.post(apply, batch(t, 5, 4)).expect(200);
        admin.post(apply, batch(t, 9, 4)).expect(200);

        JsonNode position = admin.get("/db/" + db + "/replication/" + t + "/position").expect(200).json();
        assertEquals(12, position.get("applied_seq").asLong());
        assertEquals(12 - KEEP + 1, position.get("log_first_seq").asLong());
        JsonNode log = admin.get("/db/" + db + "/replication/" + t + "/log?from=1").expect(200).json();
        assertEquals(12 - KEEP + 1, log.get("first_seq").asLong());
        List<Long> seqs = new ArrayList<>();
        log.get("entries").forEach(e -> seqs.add(e.get("op").get("seq").asLong()));
        assertEquals(List.of(8L, 9L, 10L, 11L, 12L), seqs);

        JsonNode rows = admin.get("/db/" + db + "/table/" + t).expect(200).json().get("data");
        Response redelivered = admin.post(apply, batch(t, 6, 4)).expect(200);
        List<Integer> statuses = new ArrayList<>();
        redelivered.json().get("outcomes").forEach(o -> statuses.add(o.get("status").asInt()));
        assertEquals(List.of(410, 410, 200, 200), statuses, "pruned outcomes are not made up; kept ones are returned");
        assertEquals(rows, admin.get("/db/" + db + "/table/" + t).expect(200).json().get("data"), "applied once");
    }

    @Test
    void theSqliteLogKeepsTheNewestEntries() {
        logKeepsTheNewestEntries("main");
    }

    @Test
    void theMysqlLogKeepsTheNewestEntries() {
        MySql.requireOrSkip("ReplicationRetentionIT on MySQL");
        logKeepsTheNewestEntries("company");
    }

    @Test
    void readinessIs503NamingTheDatabaseThatDoesNotAnswer() {
        for (String path : List.of("/pyql/ready", "/cluster/pyql/ready")) {
            Response r = node.client().get(path).expect(503);
            JsonNode doc = r.json();
            assertFalse(doc.get("ready").asBoolean(), r.describe());
            assertTrue(r.error().contains("gone"), r.describe());
            assertFalse(doc.path("databases").path("gone").path("ready").asBoolean(), r.describe());
            assertFalse(doc.path("databases").path("gone").path("error").asText().isBlank(), r.describe());
            assertTrue(doc.path("databases").path("main").path("ready").asBoolean(), r.describe());
        }
        admin.get("/db/main/tables").expect(200);
        admin.get("/db/gone/replication").expect(503);
    }
}
