package org.pyql.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pyql.query.Fixtures.CATALOG;
import static org.pyql.query.Fixtures.json;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the rendered SQL on an in-memory SQLite database (sqlite-jdbc is a runtime dependency of the project): the
 * original's test.py scenario (spec 6.1) through the compiler, so DDL, binds and result decoding are checked together.
 */
class SqliteExecutionTest {
    private static final String[] POSITION_NAMES = {"Director", "Manager", "Rep", "Intern"};
    private static final int[] PER_DEPARTMENT = {1, 2, 4, 8};

    private final QueryCompiler compiler = new QueryCompiler(Dialect.SQLITE);
    private Connection db;

    @BeforeEach
    void open() throws SQLException {
        db = DriverManager.getConnection("jdbc:sqlite::memory:");
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA foreign_keys = ON");
        }
        for (String t : List.of("departments", "positions", "employees", "stocks", "keystore", "files")) {
            ddl(TableDefinitions.createTableSql(Fixtures.TABLES.get(t), Dialect.SQLITE));
        }
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    /** Result nodes hold Longs where parsed JSON holds ints: compare as re-parsed JSON, key order ignored. */
    private static void assertJson(String expected, JsonNode actual) {
        assertEquals(json(expected), json(actual.toString()));
    }

    private void ddl(String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    private int run(SqlStatement st) throws SQLException {
        try (PreparedStatement ps = prepare(st)) {
            return ps.executeUpdate();
        }
    }

    private PreparedStatement prepare(SqlStatement st) throws SQLException {
        PreparedStatement ps = db.prepareStatement(st.sql());
        for (int i = 0; i < st.binds().size(); i++) ps.setObject(i + 1, st.binds().get(i));
        return ps;
    }

    private ArrayNode query(SelectPlan plan) throws SQLException {
        ArrayNode rows = Fixtures.JSON.createArrayNode();
        try (PreparedStatement ps = prepare(plan.statement()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ObjectNode row = rows.addObject();
                for (int i = 0; i < plan.output().size(); i++) {
                    OutputColumn c = plan.output().get(i);
                    row.set(c.key(), ValueCodec.toJson(c.type(), rs.getObject(i + 1)));
                }
            }
        }
        return rows;
    }

    private ArrayNode select(TableSchema base, String body) throws SQLException {
        return query(compiler.select(base, CATALOG, json(body)));
    }

    private void insert(TableSchema t, String row) throws SQLException {
        assertEquals(1, run(compiler.insert(t, (ObjectNode) json(row))));
    }

    private void seedCompany() throws SQLException {
        String[] names = {"Jane Doe", "Eli Adams", "Frank Franklin", "Carson Li", "Dale Smith", "Ann Bank"};
        int employee = 1000;
        int[] departments = {1001, 2001, 3001, 4001};
        String[] departmentNames = {"HR", "Sales", "Support", "Marketing"};
        for (int d = 0; d < departments.length; d++) {
            insert(Fixtures.DEPARTMENTS, "{\"id\":" + departments[d] + ",\"name\":\"" + departmentNames[d] + "\"}");
            for (int p = 0; p < 4; p++) {
                int position = departments[d] * 100 + p + 1;
                insert(Fixtures.POSITIONS, "{\"id\":" + position + ",\"name\":\"" + POSITION_NAMES[p]
                        + "\",\"department_id\":" + departments[d] + "}");
                for (int n = 0; n < PER_DEPARTMENT[p]; n++, employee++) {
                    insert(Fixtures.EMPLOYEES, "{\"id\":" + employee + ",\"name\":\"" + names[employee % names.length]
                            + "\",\"position_id\":" + position + "}");
                }
            }
        }
        assertEquals(1060, employee);
    }

    @Test
    void joinCountsOfTheOriginalTest() throws SQLException {
        seedCompany();
        String threeTables = "\"join\":{\"positions\":{\"employees.position_id\":\"positions.id\"},"
                + "\"departments\":{\"positions.department_id\":\"departments.id\"}}";
        String reversed = "\"join\":{\"departments\":{\"positions.department_id\":\"departments.id\"},"
                + "\"positions\":{\"employees.position_id\":\"positions.id\"}}";
        for (int p = 0; p < 4; p++) {
            String where = "\"where\":{\"positions.name\":\"" + POSITION_NAMES[p] + "\"}";
            int expected = 4 * PER_DEPARTMENT[p];
            assertEquals(expected, select(Fixtures.EMPLOYEES, "{\"select\":[\"employees.name\",\"positions.name\","
                    + "\"departments.name\"]," + threeTables + "," + where + "}").size());
            assertEquals(expected, select(Fixtures.EMPLOYEES, "{\"select\":[\"*\"]," + reversed + "," + where + "}")
                    .size());
            assertEquals(expected, select(Fixtures.EMPLOYEES, "{\"select\":[\"*\"],\"join\":\"positions\"," + where + "}")
                    .size());
            assertEquals(PER_DEPARTMENT[p], select(Fixtures.EMPLOYEES, "{\"select\":[\"*\"]," + threeTables
                    + ",\"where\":{\"positions.name\":\"" + POSITION_NAMES[p] + "\",\"departments.name\":\"HR\"}}").size());
        }
        assertEquals(60, select(Fixtures.EMPLOYEES, "{\"select\":[\"*\"],\"join\":{\"positions\":"
                + "{\"employees.position_id\":\"positions.id\",\"positions.id\":\"employees.position_id\"}}}").size());

        String join = "{\"select\":[\"*\"],\"join\":\"positions\",\"where\":";
        assertEquals(4, select(Fixtures.EMPLOYEES, join + "[[\"positions.name\",\"like\",\"Dir*\"]]}").size());
        assertEquals(12, select(Fixtures.EMPLOYEES, join + "[[\"positions.name\",\"in\",[\"Manager\",\"Director\"]]]}")
                .size());
        String notIn = "[\"positions.name\",\"not in\",[\"Manager\",\"Intern\",\"Rep\"]]";
        assertEquals(4, select(Fixtures.EMPLOYEES, join + "[" + notIn + "]}").size());
        assertEquals(1, select(Fixtures.EMPLOYEES, join + "[" + notIn + ",{\"positions.id\":100101}]}").size());
        assertEquals(1, select(Fixtures.EMPLOYEES, join + "[" + notIn + ",[\"positions.department_id\",\"<\",2000]]}")
                .size());
        assertEquals(3, select(Fixtures.EMPLOYEES, join + "[" + notIn + ",[\"positions.department_id\",\"<>\",2001]]}")
                .size());
        assertEquals(0, select(Fixtures.EMPLOYEES, join + "[[\"positions.name\",\"in\",[]]]}").size());

        JsonNode first = select(Fixtures.EMPLOYEES, "{\"select\":[\"*\"],\"join\":\"positions\",\"limit\":1}").get(0);
        assertJson("{\"employees.id\":1000,\"employees.name\":\"Dale Smith\",\"employees.position_id\":100101,"
                + "\"positions.name\":\"Director\",\"positions.department_id\":1001}", first);
    }

    @Test
    void orderLimitAndOffset() throws SQLException {
        seedCompany();
        ArrayNode page = select(Fixtures.EMPLOYEES, "{\"select\":[\"id\"],\"limit\":3,\"offset\":2}");
        assertJson("[{\"id\":1002},{\"id\":1003},{\"id\":1004}]", page);
        ArrayNode tail = select(Fixtures.EMPLOYEES, "{\"select\":[\"id\"],\"offset\":58}");
        assertJson("[{\"id\":1058},{\"id\":1059}]", tail);
        ArrayNode desc = select(Fixtures.EMPLOYEES, "{\"select\":[\"id\"],\"orderby\":[\"id\",\"desc\"],\"limit\":2}");
        assertJson("[{\"id\":1059},{\"id\":1058}]", desc);
        ArrayNode byName = select(Fixtures.EMPLOYEES, "{\"select\":[\"name\",\"id\"],\"orderby\":[[\"name\",\"desc\"]],"
                + "\"limit\":2}");
        assertJson("[{\"name\":\"Jane Doe\",\"id\":1002},{\"name\":\"Jane Doe\",\"id\":1008}]", byName);
        assertEquals(0, select(Fixtures.EMPLOYEES, "{\"select\":[\"id\"],\"limit\":0}").size());
    }

    @Test
    void stocksScenarioOfTheOriginalTest() throws SQLException {
        String trade = "{\"type\":\"BUY\",\"condition\":{\"limit\":\"36.00\",\"time\":\"EndOfTradingDay\"}}";
        insert(Fixtures.STOCKS, "{\"order_num\":1,\"date\":\"2006-01-05\",\"trans\":" + trade
                + ",\"symbol\":\"RHAT\",\"qty\":100,\"price\":35.14,\"after_hours\":true}");
        assertJson("[{\"order_num\":1,\"date\":\"2006-01-05\",\"trans\":" + trade
                        + ",\"symbol\":\"RHAT\",\"qty\":100,\"price\":35.14,\"after_hours\":true}]",
                query(compiler.select(Fixtures.STOCKS, CATALOG, null)));

        insert(Fixtures.STOCKS, "{\"date\":\"2006-01-05\",\"trans\":" + trade
                + ",\"price\":35.16,\"qty\":null,\"after_hours\":true}");
        assertJson("[{\"order_num\":2}]", select(Fixtures.STOCKS, "{\"select\":[\"order_num\"],"
                + "\"where\":{\"qty\":null}}"));
        assertEquals(2, select(Fixtures.STOCKS, "{\"select\":[\"order_num\"],\"where\":{\"after_hours\":\"true\"}}")
                .size());

        // Where on a JSON value matches whatever the key order (canonical storage).
        String reordered = "{\"condition\":{\"time\":\"EndOfTradingDay\",\"limit\":\"36.00\"},\"type\":\"BUY\"}";
        assertEquals(1, run(compiler.update(Fixtures.STOCKS, CATALOG, json("{\"set\":{\"symbol\":\"NTAP\","
                + "\"trans\":{\"type\":\"SELL\"},\"after_hours\":false,\"qty\":101},\"where\":{\"order_num\":1,"
                + "\"after_hours\":true,\"trans\":" + reordered + "}}"))));
        assertEquals("SELL", select(Fixtures.STOCKS, "{\"select\":[\"trans\"],\"where\":{\"order_num\":1}}")
                .get(0).get("trans").get("type").textValue());

        assertEquals(1, run(compiler.updateByKey(Fixtures.STOCKS, "1",
                json("{\"symbol\":\"NTNX\",\"trans\":{\"type\":\"BUY\"}}"))));
        assertEquals("NTNX", query(compiler.selectByKey(Fixtures.STOCKS, "1")).get(0).get("symbol").textValue());

        assertEquals(1, run(compiler.update(Fixtures.STOCKS, CATALOG,
                json("{\"set\":{\"symbol\":null},\"where\":{\"qty\":101}}"))));
        assertEquals(1, select(Fixtures.STOCKS, "{\"select\":[\"*\"],\"where\":{\"qty\":101,\"symbol\":null}}").size());

        assertEquals(1, run(compiler.delete(Fixtures.STOCKS, CATALOG,
                json("{\"where\":{\"order_num\":1,\"after_hours\":false}}"))));
        assertJson("[{\"order_num\":2,\"date\":\"2006-01-05\",\"trans\":" + trade
                        + ",\"symbol\":null,\"qty\":null,\"price\":35.16,\"after_hours\":true}]",
                query(compiler.select(Fixtures.STOCKS, CATALOG, null)));
    }

    @Test
    void nullBoolStaysNullAndDefaultsApply() throws SQLException {
        run(compiler.insert(Fixtures.STOCKS, (ObjectNode) json("{}")));
        JsonNode row = query(compiler.selectByKey(Fixtures.STOCKS, "1")).get(0);
        assertTrue(row.get("after_hours").isNull());
        insert(Fixtures.FILES, "{\"id\":1,\"name\":\"a\"}");
        assertJson("[{\"id\":1,\"name\":\"a\",\"data\":null,\"flag\":false}]",
                query(compiler.select(Fixtures.FILES, CATALOG, null)));
    }

    @Test
    void valuesRoundTripWithoutInterpretation() throws SQLException {
        List<String> stored = new ArrayList<>(List.of("x' OR '1'='1", "name OR 1=1 -- }", "}", "{not json",
                "x'; CREATE TABLE pwned (a int); SELECT '1", "\"quoted\"", "semi;colon", "100%_like*"));
        for (int i = 0; i < stored.size(); i++) {
            insert(Fixtures.KEYSTORE, "{\"env\":\"k" + i + "\",\"val\":" + Fixtures.JSON.valueToTree(stored.get(i)) + "}");
        }
        insert(Fixtures.KEYSTORE, "{\"env\":\"arr\",\"val\":[\"a\",\"b\"]}");
        insert(Fixtures.KEYSTORE, "{\"env\":\"num\",\"val\":12.5}");
        ArrayNode all = select(Fixtures.KEYSTORE, "{\"select\":[\"val\"],\"orderby\":\"env\"}");
        assertJson("[\"a\",\"b\"]", all.get(0).get("val"));
        for (int i = 0; i < stored.size(); i++) {
            assertEquals(stored.get(i), select(Fixtures.KEYSTORE, "{\"select\":[\"val\"],\"where\":{\"env\":\"k" + i
                    + "\"}}").get(0).get("val").textValue());
            assertEquals(1, select(Fixtures.KEYSTORE, "{\"select\":[\"env\"],\"where\":{\"val\":"
                    + Fixtures.JSON.valueToTree(stored.get(i)) + "}}").size());
        }
        assertEquals("12.5", query(compiler.selectByKey(Fixtures.KEYSTORE, "num")).get(0).get("val").textValue());
        try (ResultSet rs = db.createStatement().executeQuery("SELECT count(*) FROM sqlite_master WHERE type='table'")) {
            rs.next();
            assertEquals(7, rs.getInt(1), "no table was created by a payload (6 + sqlite_sequence)");
        }
        // Like with '*' wildcards; '%' and '_' in the stored text are ordinary characters.
        assertEquals(1, select(Fixtures.KEYSTORE, "{\"select\":[\"env\"],\"where\":[[\"val\",\"like\",\"*CREATE TABLE*\"]]}")
                .size());
    }

    @Test
    void likeTreatsPercentAndUnderscoreAsCharacters() throws SQLException {
        List<String> vals = List.of("100%", "1000", "a_b", "axb", "bang!", "bang");
        for (int i = 0; i < vals.size(); i++) {
            insert(Fixtures.KEYSTORE, "{\"env\":\"k" + i + "\",\"val\":\"" + vals.get(i) + "\"}");
        }
        assertEquals(List.of("100%"), likeValues("100%"), "% is a character, not 'anything'");
        assertEquals(List.of("a_b"), likeValues("a_b"), "_ is a character, not 'any one character'");
        assertEquals(List.of("bang!"), likeValues("bang!"), "the escape character itself");
        assertEquals(List.of("100%", "1000"), likeValues("10*"), "* is the wildcard");
        assertEquals(List.of("a_b", "axb"), likeValues("a*b"));
        assertEquals(List.of("100%"), likeValues("*%"), "a wildcard next to an escaped character");
    }

    private List<String> likeValues(String pattern) throws SQLException {
        List<String> out = new ArrayList<>();
        for (JsonNode r : select(Fixtures.KEYSTORE, "{\"select\":[\"val\"],\"where\":[[\"val\",\"like\","
                + Fixtures.JSON.valueToTree(pattern) + "]]}")) {
            out.add(r.get("val").textValue());
        }
        return out;
    }

    @Test
    void stringsThatLookLikeJsonComeBackAsStrings() throws SQLException {
        List<String> strings = List.of("{\"a\": 1}", "[1,2]", "[]", "{}", "\uFEFFmarked", "\uFEFF[1]", "{not json", "[1,");
        for (int i = 0; i < strings.size(); i++) {
            insert(Fixtures.KEYSTORE, "{\"env\":\"s" + i + "\",\"val\":" + Fixtures.JSON.valueToTree(strings.get(i)) + "}");
        }
        insert(Fixtures.KEYSTORE, "{\"env\":\"obj\",\"val\":{\"b\":[1,{\"c\":null}],\"a\":\"x\"}}");
        insert(Fixtures.KEYSTORE, "{\"env\":\"arr\",\"val\":[1,\"two\"]}");
        for (int i = 0; i < strings.size(); i++) {
            JsonNode got = query(compiler.selectByKey(Fixtures.KEYSTORE, "s" + i)).get(0).get("val");
            assertTrue(got.isTextual(), "a string stays a string: " + strings.get(i) + " came back as " + got);
            assertEquals(strings.get(i), got.textValue());
            assertEquals(1, select(Fixtures.KEYSTORE, "{\"select\":[\"env\"],\"where\":{\"val\":"
                    + Fixtures.JSON.valueToTree(strings.get(i)) + "}}").size(), "equality finds " + strings.get(i));
        }
        assertJson("{\"a\":\"x\",\"b\":[1,{\"c\":null}]}", query(compiler.selectByKey(Fixtures.KEYSTORE, "obj")).get(0).get("val"));
        assertJson("[1,\"two\"]", query(compiler.selectByKey(Fixtures.KEYSTORE, "arr")).get(0).get("val"));
        // JSON text written by other tools (the original stored json.dumps text) still reads back parsed
        try (Statement st = db.createStatement()) {
            st.execute("INSERT INTO keystore (env, val) VALUES ('legacy', '{\"x\": [1, 2]}')");
        }
        assertJson("{\"x\":[1,2]}", query(compiler.selectByKey(Fixtures.KEYSTORE, "legacy")).get(0).get("val"));
        // the stored text: objects canonical and unmarked, a JSON-looking string marked
        try (ResultSet rs = db.createStatement().executeQuery("SELECT env, val FROM keystore WHERE env IN ('s1', 'obj', 's6')"
                + " ORDER BY env")) {
            rs.next();
            assertEquals("{\"a\":\"x\",\"b\":[1,{\"c\":null}]}", rs.getString(2));
            rs.next();
            assertEquals(ValueCodec.TEXT_MARK + "[1,2]", rs.getString(2));
            rs.next();
            assertEquals("{not json", rs.getString(2), "text that is not JSON is stored as sent");
        }
    }

    @Test
    void theMaximumNumberOfConditionsRunsOnSqlite() throws SQLException {
        seedCompany();
        StringBuilder where = new StringBuilder("[");
        for (int i = 0; i < QueryLimits.MAX_WHERE_CONDITIONS; i++) {
            where.append(i == 0 ? "" : ",").append("[\"id\",\"!=\",").append(i).append("]");
        }
        StringBuilder in = new StringBuilder("[");
        for (int i = 0; i < QueryLimits.MAX_IN_VALUES; i++) in.append(i == 0 ? "" : ",").append(1000 + i);
        assertEquals(60, select(Fixtures.EMPLOYEES, "{\"select\":[\"id\"],\"where\":" + where + "]}").size());
        assertEquals(60, select(Fixtures.EMPLOYEES, "{\"select\":[\"id\"],\"where\":[[\"id\",\"in\"," + in + "]]]}").size());
    }

    @Test
    void blobRoundTrip() throws SQLException {
        insert(Fixtures.FILES, "{\"id\":1,\"name\":\"bin\",\"data\":\"AAEC/w==\",\"flag\":1}");
        assertJson("{\"id\":1,\"name\":\"bin\",\"data\":\"AAEC/w==\",\"flag\":true}",
                query(compiler.selectByKey(Fixtures.FILES, "1")).get(0));
        assertEquals(1, select(Fixtures.FILES, "{\"select\":[\"id\"],\"where\":{\"data\":\"AAEC/w==\"}}").size());
    }

    @Test
    void deleteCascadesThroughForeignKeys() throws SQLException {
        seedCompany();
        assertEquals(1, run(compiler.deleteByKey(Fixtures.DEPARTMENTS, "1001")));
        assertEquals(45, query(compiler.select(Fixtures.EMPLOYEES, CATALOG, null)).size());
    }
}
