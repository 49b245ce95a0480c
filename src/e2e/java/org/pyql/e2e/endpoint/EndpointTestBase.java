package org.pyql.e2e.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.MySql;
import org.pyql.e2e.harness.PyqlClient;
import org.pyql.e2e.harness.PyqlClient.Response;
import org.pyql.e2e.harness.SharedEndpoint;

/**
 * Common ground of the endpoint suite: the shared node, an admin client, the back end under test and helpers for
 * paths, selects and "this failed request changed nothing" checks. Concrete classes only pick the {@link Backend}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedEndpoint.class)
abstract class EndpointTestBase {
    private static final AtomicInteger TABLE_COUNTER = new AtomicInteger();

    protected SharedEndpoint.Endpoint endpoint;
    protected PyqlClient admin;
    protected String db;

    protected abstract Backend backend();

    @BeforeAll
    final void attachToSharedEndpoint(SharedEndpoint.Endpoint ep) {
        if (backend() == Backend.MYSQL) {
            MySql.requireOrSkip(getClass().getSimpleName());
            assertTrue(ep.mysqlAttached(), "MySQL is reachable but the shared endpoint was started without it");
        }
        this.endpoint = ep;
        this.admin = ep.admin();
        this.db = backend().db;
    }

    // ------------------------------------------------------------------ paths and calls

    /** {@code /db/<db>/<rest>}. */
    protected String dbPath(String rest) {
        return "/db/" + db + "/" + rest;
    }

    /** {@code /db/<db>/table/<table><suffix>}. */
    protected String tablePath(String table, String suffix) {
        return dbPath("table/" + table + suffix);
    }

    protected Response select(String table, String body) {
        return admin.post(tablePath(table, "/select"), Json.parse(body));
    }

    /** The rows of a select that must succeed. */
    protected ArrayNode selectOk(String table, String body) {
        return select(table, body).expect(200).data();
    }

    /** All rows (GET /db/{db}/table/{t}). */
    protected ArrayNode allRows(String table) {
        return admin.get(tablePath(table, "")).expect(200).data();
    }

    protected Response insert(String table, String body) {
        return admin.post(tablePath(table, "/insert"), Json.parse(body));
    }

    protected Response update(String table, String body) {
        return admin.post(tablePath(table, "/update"), Json.parse(body));
    }

    protected Response deleteWhere(String table, String body) {
        return admin.post(tablePath(table, "/delete"), Json.parse(body));
    }

    /** Creates tables from an original-format config; must succeed. */
    protected void createTables(String config) {
        Response r = admin.post(dbPath("table/create"), Json.parse(config)).expect(200);
        assertTrue(r.text("message").contains("created"), r.describe());
    }

    /** A table name unique in this run, e.g. {@code vals_7}. */
    protected static String uniqueTable(String prefix) {
        return prefix + "_" + TABLE_COUNTER.incrementAndGet();
    }

    // ------------------------------------------------------------------ assertions

    /**
     * Runs a request that must fail with {@code status} and a JSON error, and checks that the listed tables hold
     * exactly the same rows afterwards and that the table list did not change.
     */
    protected Response expectErrorUnchanged(int status, Supplier<Response> request, String... tables) {
        Map<String, JsonNode> before = snapshot(tables);
        JsonNode tablesBefore = admin.get(dbPath("tables")).expect(200).json();
        Response r = request.get().expect(status);
        Map<String, JsonNode> after = snapshot(tables);
        for (String t : tables) {
            if (!before.get(t).equals(after.get(t))) {
                throw new AssertionError("a failed request changed table " + t + ": " + r.describe() + "\n"
                        + diff(before.get(t), after.get(t)));
            }
        }
        assertEquals(tablesBefore, admin.get(dbPath("tables")).expect(200).json(),
                "a failed request changed the table list: " + r.describe());
        return r;
    }

    /** A short description of how two row lists differ (sizes and the first few differing rows). */
    private static String diff(JsonNode before, JsonNode after) {
        StringBuilder sb = new StringBuilder("rows before: " + before.size() + ", after: " + after.size());
        int shown = 0;
        for (int i = 0; i < Math.max(before.size(), after.size()) && shown < 5; i++) {
            JsonNode b = before.get(i);
            JsonNode a = after.get(i);
            if (b == null || !b.equals(a)) {
                sb.append("\n  row ").append(i).append(": ").append(b).append(" -> ").append(a);
                shown++;
            }
        }
        return sb.toString();
    }

    private Map<String, JsonNode> snapshot(String... tables) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (String t : tables) m.put(t, allRows(t));
        return m;
    }

    /** The values of one field of every row, in order, as JSON nodes. */
    protected static List<JsonNode> column(ArrayNode rows, String field) {
        List<JsonNode> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.get(field)));
        return out;
    }

    /** The long values of one field of every row, in order. */
    protected static List<Long> longs(ArrayNode rows, String field) {
        List<Long> out = new ArrayList<>();
        for (JsonNode r : rows) {
            JsonNode v = r.get(field);
            if (v == null || !v.canConvertToLong()) throw new AssertionError("row without integer " + field + ": " + r);
            out.add(v.longValue());
        }
        return out;
    }

    protected static List<String> texts(ArrayNode rows, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : rows) out.add(r.get(field) == null || r.get(field).isNull() ? null : r.get(field).asText());
        return out;
    }

    /** The table names listed by GET /db/{db}/tables. */
    protected List<String> listedTables() {
        List<String> names = new ArrayList<>();
        for (JsonNode entry : admin.get(dbPath("tables")).expect(200).json().get("tables")) {
            entry.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    // ------------------------------------------------------------------ direct database access

    /** A JDBC connection to the database behind {@link #db}, bypassing the endpoint. */
    protected Connection directConnection() throws SQLException {
        if (backend() == Backend.MYSQL) return MySql.connect(SharedEndpoint.MYSQL_SCHEMA);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + endpoint.node().dataDir().resolve(db + ".db"));
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 10000");
        }
        return c;
    }

    /** Whether a table exists in the database itself (not what the endpoint reports). Case-insensitive. */
    protected boolean tableExistsInDatabase(String table) {
        try (Connection c = directConnection()) {
            try (ResultSet rs = c.getMetaData().getTables(backend() == Backend.MYSQL ? SharedEndpoint.MYSQL_SCHEMA : null,
                    null, "%", null)) {
                while (rs.next()) {
                    if (rs.getString("TABLE_NAME").equalsIgnoreCase(table)) return true;
                }
            }
            return false;
        } catch (SQLException e) {
            throw new AssertionError("cannot inspect the " + backend() + " database directly: " + e.getMessage(), e);
        }
    }

    protected void executeDirect(String sql) {
        try (Connection c = directConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("direct SQL failed: " + sql + ": " + e.getMessage(), e);
        }
    }
}
