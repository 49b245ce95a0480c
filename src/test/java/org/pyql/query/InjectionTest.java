package org.pyql.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.pyql.query.Fixtures.CATALOG;
import static org.pyql.query.Fixtures.EMPLOYEES;
import static org.pyql.query.Fixtures.STOCKS;
import static org.pyql.query.Fixtures.assertBadRequest;
import static org.pyql.query.Fixtures.json;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spec §7 S1/S2: every payload that injected SQL into the original either ends up as a bind value (and nowhere in
 * the SQL text) or is refused with a 400.
 */
class InjectionTest {
    private static final List<String> PAYLOADS = List.of(
            "x' OR '1'='1",
            "name OR 1=1 -- }",
            "x'; CREATE TABLE pwned (a int); SELECT '1",
            "0 OR 1=1",
            "0) OR (1=1",
            "\"; DROP TABLE employees; --",
            "` OR 1=1 -- ");

    private static void assertOnlyBound(SqlStatement s, String payload) {
        // the one quoted literal the package writes itself: LIKE's fixed escape character
        String sql = s.sql().replace(" ESCAPE '" + Condition.LIKE_ESCAPE + "'", "");
        assertFalse(sql.contains(payload), s.sql());
        assertFalse(sql.contains(" OR "), s.sql());
        assertFalse(sql.contains(";"), s.sql());
        assertFalse(sql.contains("'"), s.sql());
        assertEquals(1, s.binds().stream().filter(b -> b != null && b.toString().contains(payload))
                .count(), "the payload must be exactly one bind value: " + s.binds());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void valuesOnStrColumnsAreBound(Dialect d) {
        QueryCompiler c = new QueryCompiler(d);
        for (String p : PAYLOADS) {
            String v = Fixtures.JSON.valueToTree(p).toString();
            assertOnlyBound(c.select(EMPLOYEES, CATALOG, json("{\"select\":[\"*\"],\"where\":{\"name\":" + v + "}}"))
                    .statement(), p);
            assertOnlyBound(c.select(EMPLOYEES, CATALOG, json("{\"select\":[\"*\"],\"where\":[[\"name\",\">\"," + v
                    + "]]}")).statement(), p);
            assertOnlyBound(c.select(EMPLOYEES, CATALOG, json("{\"select\":[\"*\"],\"where\":[[\"name\",\"in\",[" + v
                    + "]]]}")).statement(), p);
            assertOnlyBound(c.select(EMPLOYEES, CATALOG, json("{\"select\":[\"*\"],\"where\":[[\"name\",\"like\"," + v
                    + "]]}")).statement(), p);
            assertOnlyBound(c.insert(EMPLOYEES, (ObjectNode) json("{\"id\":1,\"name\":" + v + "}")), p);
            assertOnlyBound(c.update(EMPLOYEES, CATALOG, json("{\"set\":{\"name\":" + v + "},\"where\":{\"id\":1}}")), p);
            assertOnlyBound(c.delete(EMPLOYEES, CATALOG, json("{\"where\":{\"name\":" + v + "}}")), p);
            assertOnlyBound(c.updateByKey(Fixtures.KEYSTORE, p, json("{\"val\":1}")), p);
            assertOnlyBound(c.selectByKey(Fixtures.KEYSTORE, p).statement(), p);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"select\":[\"*\"],\"where\":[[\"id\",\">\",\"0 OR 1=1\"]]}",
            "{\"select\":[\"*\"],\"where\":[[\"id\",\"in\",[\"0) OR (1=1\"]]]}",
            "{\"select\":[\"*\"],\"where\":{\"id\":\"1 OR 1=1\"}}",
            "{\"select\":[\"*\"],\"where\":{\"name; DROP TABLE employees\":1}}",
            "{\"select\":[\"*\"],\"where\":{\"employees.name OR 1=1\":1}}",
            "{\"select\":[\"*\"],\"where\":[[\"name\",\"= 'a' OR 1=1 --\",\"x\"]]}",
            "{\"select\":[\"*\"],\"where\":[[\"1=1 OR name\",\"=\",\"x\"]]}",
            "{\"select\":[\"name FROM employees; DROP TABLE employees; --\"]}",
            "{\"select\":[\"(SELECT 1)\"]}",
            "{\"select\":[\"*\"],\"join\":\"positions; DROP TABLE positions\"}",
            "{\"select\":[\"*\"],\"join\":{\"positions ON 1=1 --\":{\"employees.position_id\":\"positions.id\"}}}",
            "{\"select\":[\"*\"],\"join\":{\"positions\":{\"employees.position_id\":\"positions.id OR 1=1\"}}}",
            "{\"select\":[\"*\"],\"orderby\":\"name; DROP TABLE employees\"}",
            "{\"select\":[\"*\"],\"orderby\":[[\"name\",\"desc; DROP TABLE employees\"]]}",
            "{\"select\":[\"*\"],\"limit\":\"1; DROP TABLE employees\"}",
            "{\"select\":[\"*\"],\"offset\":\"0 UNION SELECT 1\"}",
    })
    void identifiersOperatorsAndNumbersAreRefused(String body) {
        assertBadRequest(() -> new QueryCompiler(Dialect.MYSQL).select(EMPLOYEES, CATALOG, json(body)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"id\":1,\"name) VALUES (1); --\":\"x\"}", "{\"id\":\"1); DROP TABLE employees; --\"}"})
    void insertKeysAndNumbersAreRefused(String row) {
        assertBadRequest(() -> new QueryCompiler(Dialect.SQLITE).insert(EMPLOYEES, (ObjectNode) json(row)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1 OR 1=1", "1; DELETE FROM stocks", "1'"})
    void keySegmentsOnIntKeysAreRefused(String key) {
        QueryCompiler c = new QueryCompiler(Dialect.MYSQL);
        assertBadRequest(() -> c.deleteByKey(STOCKS, key), "order_num");
        assertBadRequest(() -> c.selectByKey(STOCKS, key), "order_num");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"t; DROP TABLE x\":{\"columns\":[{\"name\":\"id\",\"type\":\"int\"}],\"primary_key\":\"id\"}}",
            "{\"t\":{\"columns\":[{\"name\":\"id INT); DROP TABLE x; --\",\"type\":\"int\"}],\"primary_key\":\"id\"}}",
            "{\"t\":{\"columns\":[{\"name\":\"id\",\"type\":\"int\",\"mods\":\"DEFAULT 1); DROP TABLE x; --\"}],"
                    + "\"primary_key\":\"id\"}}",
            "{\"t\":{\"columns\":[{\"name\":\"id\",\"type\":\"int\"}],\"primary_key\":\"id\",\"foreign_keys\":"
                    + "{\"id\":{\"table\":\"x\",\"ref\":\"id\",\"mods\":\"ON DELETE CASCADE); DROP TABLE x; --\"}}}}",
            "{\"t\":{\"columns\":[{\"name\":\"id\",\"type\":\"int\"}],\"primary_key\":\"id\",\"foreign_keys\":"
                    + "{\"id\":{\"table\":\"x (id)); DROP TABLE x; --\",\"ref\":\"id\"}}}}",
            "{\"t\":{\"columns\":[{\"name\":\"id\",\"type\":\"int\",\"mods\":\"DEFAULT 'x''; DROP TABLE y; --'\"}],"
                    + "\"primary_key\":\"id\"}}",
    })
    void tableDefinitionsRefuseSqlInNamesAndMods(String body) {
        assertBadRequest(() -> TableDefinitions.parse(json(body)));
    }
}
