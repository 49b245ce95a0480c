package org.pyql.query;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pyql.query.Fixtures.CATALOG;
import static org.pyql.query.Fixtures.EMPLOYEES;
import static org.pyql.query.Fixtures.assertBadRequest;
import static org.pyql.query.Fixtures.json;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bodies a careless or hostile client sends: each is refused while parsing, with a 400 that names the limit or rule,
 * before any SQL exists. The limits themselves are in {@link QueryLimits}.
 */
class HostileBodyTest {
    private static final QueryCompiler SQLITE = new QueryCompiler(Dialect.SQLITE);

    private static String conditions(int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) b.append(i == 0 ? "" : ",").append("[\"id\",\"!=\",").append(i).append("]");
        return b.append("]").toString();
    }

    private static String numbers(int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) b.append(i == 0 ? "" : ",").append(i);
        return b.append("]").toString();
    }

    private static void select(String where) {
        SQLITE.select(EMPLOYEES, CATALOG, json("{\"select\":[\"id\"],\"where\":" + where + "}"));
    }

    @Test
    void whereConditionsAreCounted() {
        assertDoesNotThrow(() -> select(conditions(QueryLimits.MAX_WHERE_CONDITIONS)));
        assertBadRequest(() -> select(conditions(QueryLimits.MAX_WHERE_CONDITIONS + 1)), "too many conditions in a where",
                "at most " + QueryLimits.MAX_WHERE_CONDITIONS);
        assertBadRequest(() -> SQLITE.delete(EMPLOYEES, CATALOG, json("{\"where\":" + conditions(5000) + "}")),
                "too many conditions");
        assertBadRequest(() -> SQLITE.update(EMPLOYEES, CATALOG,
                json("{\"set\":{\"name\":\"x\"},\"where\":" + conditions(5000) + "}")), "too many conditions");
    }

    @Test
    void dictsInsideAListCountTheirEntries() {
        StringBuilder where = new StringBuilder("[");
        for (int i = 0; i < QueryLimits.MAX_WHERE_CONDITIONS; i++) {
            where.append(i == 0 ? "" : ",").append("{\"id\":1,\"name\":\"a\"}");
        }
        assertBadRequest(() -> select(where + "]"), "too many conditions in a where");
    }

    @Test
    void inListsAndTotalValuesAreCounted() {
        assertDoesNotThrow(() -> select("[[\"id\",\"in\"," + numbers(QueryLimits.MAX_IN_VALUES) + "]]"));
        assertBadRequest(() -> select("[[\"id\",\"in\"," + numbers(QueryLimits.MAX_IN_VALUES + 1) + "]]"),
                "too many values in an in list");
        int lists = QueryLimits.MAX_WHERE_VALUES / QueryLimits.MAX_IN_VALUES + 1;
        StringBuilder where = new StringBuilder("[");
        for (int i = 0; i < lists; i++) {
            where.append(i == 0 ? "" : ",").append("[\"id\",\"not in\",").append(numbers(QueryLimits.MAX_IN_VALUES)).append("]");
        }
        assertBadRequest(() -> select(where + "]"), "too many values in a where");
    }

    @Test
    void orderbyKeysAreCounted() {
        StringBuilder keys = new StringBuilder("[");
        for (int i = 0; i <= QueryLimits.MAX_ORDERBY_KEYS; i++) keys.append(i == 0 ? "" : ",").append("\"id\"");
        assertBadRequest(() -> SQLITE.select(EMPLOYEES, CATALOG, json("{\"select\":[\"id\"],\"orderby\":" + keys + "]}")),
                "too many orderby keys");
    }

    private static String table(String name, int columns) {
        StringBuilder c = new StringBuilder("[");
        for (int i = 0; i < columns; i++) {
            c.append(i == 0 ? "" : ",").append("{\"name\":\"c").append(i).append("\",\"type\":\"int\",\"mods\":\"\"}");
        }
        return "{\"" + name + "\": {\"columns\": " + c + "], \"primary_key\": \"c0\", \"foreign_keys\": null}}";
    }

    @Test
    void columnsOfATableAreCounted() {
        assertEquals(QueryLimits.MAX_COLUMNS, TableDefinitions.parse(json(table("wide", QueryLimits.MAX_COLUMNS)))
                .get(0).columns().size());
        assertBadRequest(() -> TableDefinitions.parse(json(table("wide", QueryLimits.MAX_COLUMNS + 1))),
                "too many columns in table wide", "at most " + QueryLimits.MAX_COLUMNS);
        assertBadRequest(() -> TableDefinitions.parse(json(table("wider", 5000))), "too many columns");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite_master", "sqlite_x", "SQLITE_stat1", "Sqlite_Sequence", "_pyql_log", "_PYQL_state", "_pyqlx"})
    void reservedTableNamesAreRefusedInAnyCase(String name) {
        assertBadRequest(() -> TableDefinitions.parse(json(table(name, 1))), "invalid table name '" + name + "'",
                "_pyql or sqlite_");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "my_sqlite_table", "pyql_data", "x_pyql"})
    void namesThatOnlyContainAReservedWordAreFine(String name) {
        assertEquals(name, TableDefinitions.parse(json(table(name, 1))).get(0).name());
    }

    @Test
    void referencedTablesAndColumnsAreCheckedToo() {
        String fk = "{\"t\": {\"columns\": [{\"name\":\"id\",\"type\":\"int\"},{\"name\":\"r\",\"type\":\"int\"}],"
                + " \"primary_key\": \"id\", \"foreign_keys\": {\"r\": {\"table\": \"sqlite_master\", \"ref\": \"id\"}}}}";
        assertBadRequest(() -> TableDefinitions.parse(json(fk)), "invalid referenced table name 'sqlite_master'");
    }

    // ---------------------------------------------------------------- foreign key targets

    private static List<TableSchema> defs(String body) {
        return TableDefinitions.parse(json(body));
    }

    private static final String PARENT = "\"parent\": {\"columns\": [{\"name\":\"id\",\"type\":\"int\"},"
            + "{\"name\":\"code\",\"type\":\"str\",\"mods\":\"UNIQUE\"},{\"name\":\"label\",\"type\":\"str\"}],"
            + " \"primary_key\": \"id\"}";

    private static String child(String refTable, String ref) {
        return "\"child\": {\"columns\": [{\"name\":\"id\",\"type\":\"int\"},{\"name\":\"p\",\"type\":\"int\"}],"
                + " \"primary_key\": \"id\", \"foreign_keys\": {\"p\": {\"table\": \"" + refTable + "\", \"ref\": \"" + ref + "\"}}}";
    }

    @Test
    void aForeignKeyMayReferenceThePrimaryKeyOrAUniqueColumn() {
        assertDoesNotThrow(() -> TableDefinitions.checkForeignKeyTargets(defs("{" + PARENT + "," + child("parent", "id") + "}"), Map.of()));
        assertDoesNotThrow(() -> TableDefinitions.checkForeignKeyTargets(defs("{" + PARENT + "," + child("parent", "code") + "}"), Map.of()));
        assertDoesNotThrow(() -> TableDefinitions.checkForeignKeyTargets(defs("{" + child("old", "key") + "}"),
                Map.of("old", Set.of("key"))));
        assertDoesNotThrow(() -> TableDefinitions.checkForeignKeyTargets(defs("{" + child("child", "id") + "}"), Map.of()),
                "a table may reference its own key");
    }

    @Test
    void aForeignKeyToAPlainOrMissingColumnIsRefused() {
        assertBadRequest(() -> TableDefinitions.checkForeignKeyTargets(defs("{" + PARENT + "," + child("parent", "label") + "}"),
                Map.of()), "foreign key child.p references parent.label, which is not its primary key or a UNIQUE column",
                "[code, id]");
        assertBadRequest(() -> TableDefinitions.checkForeignKeyTargets(defs("{" + PARENT + "," + child("parent", "nope") + "}"),
                Map.of()), "parent.nope");
        assertBadRequest(() -> TableDefinitions.checkForeignKeyTargets(defs("{" + child("old", "other") + "}"),
                Map.of("old", Set.of("key"))), "old.other", "[key]");
        assertBadRequest(() -> TableDefinitions.checkForeignKeyTargets(defs("{" + child("ghost", "id") + "}"), Map.of()),
                "references unknown table ghost");
        assertBadRequest(() -> TableDefinitions.checkForeignKeyTargets(defs("{" + child("parent", "id") + "," + PARENT + "}"),
                Map.of()), "references unknown table parent");   // defined later: created after the child
    }

    // ---------------------------------------------------------------- like and str values

    @Test
    void likePatternsEscapeSqlWildcards() {
        assertEquals("%100!%%", WhereClause.likePattern("100%"));
        assertEquals("%a!_b%", WhereClause.likePattern("a_b"));
        assertEquals("%bang!!%", WhereClause.likePattern("bang!"));
        assertEquals("N%", WhereClause.likePattern("N*"));
        assertEquals("%!%%", WhereClause.likePattern("*%*"));
    }

    @Test
    void jsonLookingStringsAreMarkedAndComeBackUnchanged() {
        for (String s : List.of("{\"a\": 1}", "[1,2]", "[]", "{}", "\uFEFF", "\uFEFF{}")) {
            Object stored = ValueCodec.toBind(ColumnType.STR, "s", Fixtures.JSON.valueToTree(s));
            assertEquals(ValueCodec.TEXT_MARK + s, stored, "marked: " + s);
            assertEquals(Fixtures.JSON.valueToTree(s), ValueCodec.toJson(ColumnType.STR, stored), "read back: " + s);
        }
        for (String s : List.of("plain", "{not json", "[1,", " [1]", "", "x{}")) {
            assertEquals(s, ValueCodec.toBind(ColumnType.STR, "s", Fixtures.JSON.valueToTree(s)), "stored as sent: " + s);
        }
        assertEquals("{\"a\":1,\"b\":[2]}", ValueCodec.toBind(ColumnType.STR, "s", json("{\"b\":[2],\"a\":1}")));
        assertEquals(json("{\"a\":1,\"b\":[2]}"), ValueCodec.toJson(ColumnType.STR, "{\"b\": [2], \"a\": 1}"),
                "JSON text from other tools is parsed, as in the original");
    }

    @Test
    void joinsAreBoundedInTablesAndResultColumns() {
        StringBuilder join = new StringBuilder("{");
        for (int i = 0; i <= QueryLimits.MAX_JOINED_TABLES; i++) {
            join.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":{\"employees.id\":\"t").append(i).append(".id\"}");
        }
        assertBadRequest(() -> SQLITE.select(EMPLOYEES, CATALOG, json("{\"select\":[\"*\"],\"join\":" + join + "}}")),
                "too many tables in a join", "at most " + QueryLimits.MAX_JOINED_TABLES);
        // three tables of 256 columns joined on their keys are 766 result columns, five are 1276: above the limit
        StringBuilder defs = new StringBuilder("{");
        for (int t = 0; t < 5; t++) {
            defs.append(t == 0 ? "" : ",").append("\"w").append(t).append("\":{\"columns\":[");
            for (int c = 0; c < 256; c++) defs.append(c == 0 ? "" : ",").append("{\"name\":\"c").append(c).append("\",\"type\":\"int\"}");
            defs.append("],\"primary_key\":\"c0\"}");
        }
        Map<String, TableSchema> wide = new java.util.HashMap<>();
        for (TableSchema t : TableDefinitions.parse(json(defs + "}"))) wide.put(t.name(), t);
        Catalog catalog = name -> java.util.Optional.ofNullable(wide.get(name));
        String joins = "{\"w1\":{\"w0.c0\":\"w1.c0\"},\"w2\":{\"w0.c0\":\"w2.c0\"}";
        assertDoesNotThrow(() -> SQLITE.select(wide.get("w0"), catalog, json("{\"select\":[\"*\"],\"join\":" + joins + "}}")));
        assertBadRequest(() -> SQLITE.select(wide.get("w0"), catalog, json("{\"select\":[\"*\"],\"join\":" + joins
                + ",\"w3\":{\"w0.c0\":\"w3.c0\"},\"w4\":{\"w0.c0\":\"w4.c0\"}}}")), "too many columns in a select result");
    }
}
