package org.pyql.e2e.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.PyqlClient.Response;

/**
 * The original's seed data (§6.1) loaded through the API, then every query example of the spec (§2.8, §6.1 join
 * counts and list-form checks), ordering and paging, and the SQL injection attempts of §7 S1/S2. The seed tables are
 * only read here; tests that write use their own tables.
 */
abstract class SeedDataCases extends EndpointTestBase {
    private static final String EMP_JOIN_POS_DEP = "{'positions': {'employees.position_id': 'positions.id'}, "
            + "'departments': {'positions.department_id': 'departments.id'}}";
    private static final String EMP_JOIN_DEP_POS = "{'departments': {'positions.department_id': 'departments.id'}, "
            + "'positions': {'employees.position_id': 'positions.id'}}";

    @BeforeAll
    final void loadSeedThroughApi() {
        // §6.1 step 1: stocks (auto increment order_num)
        createTables(SeedData.stocksConfig("stocks", backend()));
        // step 2: departments + positions in one body, employees through the per-table create route
        createTables(SeedData.orgConfig(""));
        admin.post(tablePath("employees", "/create"), Json.parse(SeedData.employeesConfig(""))).expect(200);
        // step 3: keystore
        createTables(SeedData.keystoreConfig("keystore"));

        // step 4 and 8: the trade (explicit key, /insert) and the partial insert (auto key, POST /table/{t})
        assertEquals(1, admin.post(tablePath("stocks", "/insert"), SeedData.trade1()).expect(200).rows());
        Response partial = admin.post(tablePath("stocks", ""), SeedData.trade2Partial()).expect(200);
        assertEquals("items added", partial.text("message"));
        // two more trades through PUT /table/{t} and a bulk insert
        admin.put(tablePath("stocks", ""), Json.parse("{'date': '2006-01-06', 'trans': {'type': 'SELL'}, "
                + "'symbol': 'NTAP', 'qty': 50, 'price': 12.5, 'after_hours': false}")).expect(200);
        assertEquals(1, insert("stocks", "[{'date': '2006-01-07', 'trans': null, 'symbol': 'IBM', 'qty': 10, "
                + "'price': 80, 'after_hours': null}]").expect(200).rows());

        // step 5: the organisation, bulk inserts (one transaction each)
        assertEquals(4, admin.post(tablePath("departments", "/insert"), SeedData.departments()).expect(200).rows());
        assertEquals(16, admin.post(tablePath("positions", ""), SeedData.positions()).expect(200).rows());
        Response emp = admin.post(tablePath("employees", "/insert"), SeedData.employees()).expect(200);
        assertEquals("items added", emp.text("message"));
        assertEquals(60, emp.rows());

        // step 3 key/value semantics: insert, then update by key; a dict value is stored as JSON
        insert("keystore", "{'env': 'key1', 'val': 'value1'}").expect(200);
        admin.post(tablePath("keystore", "/key1"), Json.parse("{'val': 'newValue1'}")).expect(200);
        insert("keystore", "{'env': 'config1', 'val': {'a': 1, 'b': 2, 'c': 3}}").expect(200);
        insert("keystore", "{'env': 'k1', 'val': 'v1'}").expect(200);
    }

    // ------------------------------------------------------------------ the loaded state

    @Test
    void seedFinalStateMatchesSpec() {
        assertEquals(4, allRows("departments").size());
        assertEquals(16, allRows("positions").size());
        assertEquals(60, allRows("employees").size());
        assertEquals(Json.parse("[{'env': 'config1', 'val': {'a': 1, 'b': 2, 'c': 3}}, {'env': 'k1', 'val': 'v1'},"
                + " {'env': 'key1', 'val': 'newValue1'}]"), sortedBy(allRows("keystore"), "env"));
        // rows come back in primary key order
        assertEquals(longs(SeedData.employees(), "id"), longs(allRows("employees"), "id"));
    }

    @Test
    void tablesListsTheSeedTablesWithTheirConfig() {
        JsonNode tables = admin.get(dbPath("tables")).expect(200).json().get("tables");
        assertTrue(tables.isArray(), "tables is an array of {name: config}");
        Set<String> names = new TreeSet<>(listedTables());
        assertTrue(names.containsAll(Set.of("stocks", "departments", "positions", "employees", "keystore")), names.toString());
        for (JsonNode entry : tables) {
            assertEquals(1, entry.size(), "one table per entry: " + entry);
            JsonNode cfg = entry.elements().next();
            assertTrue(cfg.get("columns").isArray() && cfg.has("primary_key") && cfg.has("foreign_keys"), cfg.toString());
        }
    }

    @Test
    void configReportsColumnsPrimaryKeyAndForeignKeys() {
        JsonNode cfg = admin.get(tablePath("employees", "/config")).expect(200).json();
        assertEquals(List.of("employees"), fieldNames(cfg));
        JsonNode e = cfg.get("employees");
        assertEquals("id", e.get("primary_key").asText());
        List<String> cols = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (JsonNode c : e.get("columns")) {
            cols.add(c.get("name").asText());
            types.add(c.get("type").asText());
            assertTrue(c.has("mods"), "every column has mods: " + c);
        }
        assertEquals(List.of("id", "name", "position_id"), cols);
        assertEquals(List.of("int", "str", "int"), types);
        JsonNode fk = e.get("foreign_keys").get("position_id");
        assertEquals("positions", fk.get("table").asText());
        assertEquals("id", fk.get("ref").asText());
        String mods = fk.get("mods").asText().toUpperCase();
        assertTrue(mods.contains("ON DELETE CASCADE") && mods.contains("ON UPDATE CASCADE"), mods);

        JsonNode stocks = admin.get(tablePath("stocks", "/config")).expect(200).json().get("stocks");
        List<String> stockTypes = new ArrayList<>();
        stocks.get("columns").forEach(c -> stockTypes.add(c.get("type").asText()));
        assertEquals(List.of("int", "str", "str", "str", "int", "float", "bool"), stockTypes);
        assertTrue(stocks.get("foreign_keys").isNull());
        assertEquals("order_num", stocks.get("primary_key").asText());
    }

    // ------------------------------------------------------------------ §2.8 examples on stocks

    @Test
    void getAllStocksReturnsTypedValuesAndParsedJson() {
        ArrayNode rows = allRows("stocks");
        assertEquals(4, rows.size(), rows.toString());
        assertEquals(SeedData.trade1(), rows.get(0));
        assertEquals(SeedData.trade2Full(), rows.get(1));
        JsonNode r3 = rows.get(2);
        assertEquals(Json.parse("{'type': 'SELL'}"), r3.get("trans"));
        assertTrue(r3.get("after_hours").isBoolean() && !r3.get("after_hours").booleanValue());
        JsonNode r4 = rows.get(3);
        assertEquals(4, r4.get("order_num").asInt(), "auto increment continues");
        assertTrue(r4.get("after_hours").isNull(), "a NULL bool stays null, never false");
        assertEquals(80.0, r4.get("price").doubleValue(), 0.0);
        assertTrue(r4.get("qty").isIntegralNumber());
        // the GET select route returns the same
        assertEquals(rows, admin.get(tablePath("stocks", "/select")).expect(200).data());
    }

    @Test
    void selectColumnsWhereFloatEquality() {
        assertEquals(Json.parse("[{'order_num': 2, 'after_hours': true}]"),
                selectOk("stocks", "{'select': ['order_num', 'after_hours'], 'where': {'price': 35.16}}"));
    }

    @Test
    void whereNullIsIsNull() {
        ArrayNode rows = selectOk("stocks", "{'select': ['*'], 'where': {'qty': null}}");
        assertEquals(List.of(2L), longs(rows, "order_num"));
        assertTrue(rows.get(0).get("qty").isNull());
        assertEquals(List.of(2L), longs(selectOk("stocks", "{'select': ['order_num'], 'where': [['qty', '=', null]]}"), "order_num"));
        assertEquals(List.of(1L, 3L, 4L),
                longs(selectOk("stocks", "{'select': ['order_num'], 'where': [['qty', '!=', null]]}"), "order_num"));
        assertEquals(List.of(1L, 3L, 4L),
                longs(selectOk("stocks", "{'select': ['order_num'], 'where': [['symbol', '<>', null]]}"), "order_num"));
    }

    @ParameterizedTest(name = "after_hours = {0}")
    @CsvSource(delimiter = '|', value = {
            "true    | 1,2",
            "1       | 1,2",
            "'true'  | 1,2",
            "false   | 3",
            "0       | 3",
            "'false' | 3",
            "null    | 4"})
    void boolWhereMatchesTrueFalseAndNullSeparately(String value, String expected) {
        ArrayNode rows = selectOk("stocks", "{'select': ['order_num'], 'where': {'after_hours': " + value + "}}");
        assertEquals(ids(expected), longs(rows, "order_num"));
    }

    @Test
    void whereOnJsonObjectIsKeyOrderIndependent() {
        for (String trans : List.of(SeedData.TRADE_TRANS, SeedData.TRADE_TRANS_REORDERED)) {
            assertEquals(List.of(1L, 2L), longs(selectOk("stocks",
                    "{'select': ['order_num'], 'where': {'trans': " + trans + "}}"), "order_num"));
            assertEquals(List.of(1L, 2L), longs(selectOk("stocks",
                    "{'select': ['order_num'], 'where': [['trans', '=', " + trans + "]]}"), "order_num"));
        }
        assertEquals(List.of(3L), longs(selectOk("stocks",
                "{'select': ['order_num'], 'where': {'trans': {'type': 'SELL'}}}"), "order_num"));
        assertEquals(0, selectOk("stocks", "{'select': ['order_num'], 'where': {'trans': {'type': 'BUY'}}}").size(),
                "a sub-object does not match");
    }

    @Test
    void whereDictIsAndOfEqualities() {
        assertEquals(Json.parse("[{'order_num': 1}]"),
                selectOk("stocks", "{'select': ['order_num'], 'where': {'symbol': 'RHAT', 'qty': 100}}"));
        assertEquals(0, selectOk("stocks", "{'select': ['order_num'], 'where': {'symbol': 'RHAT', 'qty': 101}}").size());
    }

    @Test
    void getByIntKeyAndByStringKey() {
        assertEquals(List.of(SeedData.trade1()), List.copyOf(toList(admin.get(tablePath("stocks", "/1")).expect(200).data())));
        assertEquals(Json.parse("[{'env': 'k1', 'val': 'v1'}]"), admin.get(tablePath("keystore", "/k1")).expect(200).data());
        assertEquals(Json.parse("[{'env': 'config1', 'val': {'a': 1, 'b': 2, 'c': 3}}]"),
                admin.get(tablePath("keystore", "/config1")).expect(200).data());
        Response missing = admin.get(tablePath("stocks", "/99")).expect(404);
        assertEquals("row not found", missing.error());
        assertEquals("row not found", admin.get(tablePath("keystore", "/nokey")).expect(404).error());
    }

    // ------------------------------------------------------------------ joins (§2.4, §2.8, §6.1 step 6)

    @Test
    void fkShorthandJoinKeysAndFirstRow() {
        ArrayNode rows = selectOk("employees", "{'select': ['*'], 'join': 'positions'}");
        assertEquals(60, rows.size());
        assertEquals(Json.parse("{'employees.id': 1000, 'employees.name': 'Jane Doe', 'employees.position_id': 100101,"
                + " 'positions.name': 'Director', 'positions.department_id': 1001}"), rows.get(0));
        assertEquals(List.of("employees.id", "employees.name", "employees.position_id", "positions.name",
                "positions.department_id"), fieldNames(rows.get(0)), "positions.id (the right-hand side) is folded in");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"Director, 4", "Manager, 8", "Rep, 16", "Intern, 32"})
    void joinCountsPerPositionForEveryJoinForm(String position, int expected) {
        String where = "'where': {'positions.name': '" + position + "'}";
        assertEquals(expected, selectOk("employees", "{'select': ['*'], 'join': 'positions', " + where + "}").size(),
                "FK shorthand");
        assertEquals(expected, selectOk("employees", "{'select': ['employees.name', 'positions.name', 'departments.name'],"
                + " 'join': " + EMP_JOIN_POS_DEP + ", " + where + "}").size(), "explicit multi-join");
        assertEquals(expected, selectOk("employees", "{'select': ['employees.name', 'positions.name', 'departments.name'],"
                + " 'join': " + EMP_JOIN_DEP_POS + ", " + where + "}").size(), "explicit multi-join, reversed key order");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HR", "Sales", "Support", "Marketing"})
    void joinCountsPerPositionAndDepartment(String department) {
        for (int p = 0; p < SeedData.POSITIONS.length; p++) {
            String where = "'where': {'positions.name': '" + SeedData.POSITIONS[p] + "', 'departments.name': '" + department + "'}";
            for (String join : List.of(EMP_JOIN_POS_DEP, EMP_JOIN_DEP_POS)) {
                ArrayNode rows = selectOk("employees", "{'select': ['employees.id', 'departments.name'], 'join': " + join
                        + ", " + where + "}");
                assertEquals(SeedData.PER_DEPARTMENT[p], rows.size(), SeedData.POSITIONS[p] + " in " + department + " via " + join);
                rows.forEach(r -> assertEquals(department, r.get("departments.name").asText()));
            }
        }
    }

    @Test
    void threeTableJoinSelectedColumnsBothKeyOrders() {
        for (String join : List.of(EMP_JOIN_POS_DEP, EMP_JOIN_DEP_POS)) {
            ArrayNode rows = selectOk("employees", "{'select': ['employees.name', 'positions.name', 'departments.name'],"
                    + " 'join': " + join + ", 'where': {'positions.name': 'Director'}}");
            assertEquals(4, rows.size());
            assertEquals(Json.parse("{'employees.name': 'Jane Doe', 'positions.name': 'Director', 'departments.name': 'HR'}"),
                    rows.get(0), "join " + join);
            assertEquals(List.of("employees.name", "positions.name", "departments.name"), fieldNames(rows.get(0)));
        }
        // select * over three tables: every column keyed table.column, each join table's right-hand key folded in
        ArrayNode all = selectOk("employees", "{'select': ['*'], 'join': " + EMP_JOIN_DEP_POS + "}");
        assertEquals(60, all.size());
        assertEquals(Json.parse("{'employees.id': 1000, 'employees.name': 'Jane Doe', 'employees.position_id': 100101,"
                + " 'positions.name': 'Director', 'positions.department_id': 1001, 'departments.name': 'HR'}"), all.get(0));
    }

    @Test
    void explicitJoinWithWhereOnJoinedTable() {
        ArrayNode rows = selectOk("positions", "{'select': ['*'], 'join': {'departments': "
                + "{'positions.department_id': 'departments.id'}}, 'where': {'departments.name': 'HR'}}");
        assertEquals(4, rows.size());
        assertEquals(Json.parse("{'positions.id': 100101, 'positions.name': 'Director', 'positions.department_id': 1001,"
                + " 'departments.name': 'HR'}"), rows.get(0));
    }

    @Test
    void doubleConditionJoinGivesAllRowsWithTheFkJoinKeys() {
        ArrayNode rows = selectOk("employees", "{'select': ['*'], 'join': {'positions': "
                + "{'employees.position_id': 'positions.id', 'positions.id': 'employees.position_id'}}}");
        assertEquals(60, rows.size());
        ArrayNode fk = selectOk("employees", "{'select': ['*'], 'join': 'positions'}");
        assertEquals(fieldNames(fk.get(0)).stream().sorted().toList(), fieldNames(rows.get(0)).stream().sorted().toList());
    }

    @Test
    void reversedJoinConditionKeepsBothKeyColumns() {
        ArrayNode rows = selectOk("employees", "{'select': ['*'], 'join': {'positions': "
                + "{'positions.id': 'employees.position_id'}}}");
        assertEquals(60, rows.size());
        JsonNode first = rows.get(0);
        assertEquals(100101, first.get("employees.position_id").asInt());
        assertEquals(100101, first.get("positions.id").asInt());
    }

    @Test
    void joinErrorsAre400() {
        // FK shorthand to a table the base has no FK to, unknown join table, unknown join column
        select("employees", "{'select': ['*'], 'join': 'departments'}").expect(400);
        select("departments", "{'select': ['*'], 'join': 'positions'}").expect(400);
        select("employees", "{'select': ['*'], 'join': 'nope'}").expect(400);
        select("employees", "{'select': ['*'], 'join': {'positions': {'employees.nope': 'positions.id'}}}").expect(400);
        select("employees", "{'select': ['*'], 'join': {'positions': {'employees.position_id': 'nope.id'}}}").expect(400);
        select("employees", "{'select': ['employees.nope'], 'join': 'positions'}").expect(400);
    }

    // ------------------------------------------------------------------ list-form operators (§2.3, §6.1 HEAD)

    @Test
    void listFormChecksOfTheUpstreamTest() {
        String base = "{'select': ['*'], 'join': 'positions', 'where': ";
        assertEquals(4, selectOk("employees", base + "[['positions.name', 'like', 'Dir*']]}").size());
        assertEquals(12, selectOk("employees", base + "[['positions.name', 'in', ['Manager', 'Director']]]}").size());
        assertEquals(4, selectOk("employees", base + "[['positions.name', 'not in', ['Manager', 'Intern', 'Rep']]]}").size());
        assertEquals(1, selectOk("employees", base + "[['positions.name', 'not in', ['Manager', 'Intern', 'Rep']],"
                + " {'positions.id': 100101}]}").size());
        assertEquals(1, selectOk("employees", base + "[['positions.name', 'not in', ['Manager', 'Intern', 'Rep']],"
                + " ['positions.department_id', '<', 2000]]}").size());
        assertEquals(3, selectOk("employees", base + "[['positions.name', 'not in', ['Manager', 'Intern', 'Rep']],"
                + " ['positions.department_id', '<>', 2001]]}").size());
        // §2.8: not in + <> across the join: Directors and Interns outside Sales
        assertEquals(27, selectOk("employees", base + "[['positions.name', 'not in', ['Manager', 'Rep']],"
                + " ['positions.department_id', '<>', 2001]]}").size());
    }

    @Test
    void likeWithStarWildcard() {
        assertEquals(Json.parse("[{'id': 1004, 'name': 'Frank Franklin'}]"),
                selectOk("employees", "{'select': ['id', 'name'], 'where': [['name', 'like', '*ank*']]}"));
        assertEquals(List.of("Carson Wentz"), texts(selectOk("employees",
                "{'select': ['name'], 'where': [['name', 'like', 'Car*']]}"), "name"));
        assertEquals(59, selectOk("employees", "{'select': ['id'], 'where': [['name', 'not like', 'Car*']]}").size());
        assertEquals(0, selectOk("employees", "{'select': ['id'], 'where': [['name', 'like', 'Wentz*']]}").size(),
                "with a * the pattern is anchored");
    }

    @Test
    void likeWithoutStarMeansContains() {
        assertEquals(List.of("Carson Wentz"), texts(selectOk("employees",
                "{'select': ['name'], 'where': [['name', 'like', 'Carson']]}"), "name"));
        assertEquals(List.of("Carson Wentz"), texts(selectOk("employees",
                "{'select': ['name'], 'where': [['name', 'like', 'son Wen']]}"), "name"));
        assertEquals(59, selectOk("employees", "{'select': ['id'], 'where': [['name', 'not like', 'Carson']]}").size());
        assertEquals(List.of(1L), longs(selectOk("stocks",
                "{'select': ['order_num'], 'where': [['symbol', 'like', 'HA']]}"), "order_num"));
    }

    @ParameterizedTest(name = "id {0} 1003 -> {1} rows")
    @CsvSource({">, 56", ">=, 57", "<, 3", "<=, 4", "=, 1", "==, 1", "!=, 59", "<>, 59"})
    void comparisonOperators(String op, int expected) {
        ArrayNode rows = selectOk("employees", "{'select': ['id'], 'where': [['id', '" + op + "', 1003]]}");
        assertEquals(expected, rows.size());
        for (long id : longs(rows, "id")) {
            boolean ok = switch (op) {
                case ">" -> id > 1003;
                case ">=" -> id >= 1003;
                case "<" -> id < 1003;
                case "<=" -> id <= 1003;
                case "=", "==" -> id == 1003;
                default -> id != 1003;
            };
            assertTrue(ok, "id " + id + " does not satisfy " + op + " 1003");
        }
    }

    @Test
    void comparisonOnStringsAndFloats() {
        // a string compared with = just works (bound, not pasted)
        assertEquals(List.of(1000L), longs(selectOk("employees",
                "{'select': ['id'], 'where': [['name', '=', 'Jane Doe']]}"), "id"));
        assertEquals(List.of(1001L), longs(selectOk("employees",
                "{'select': ['id'], 'where': [['id', '==', 1001]]}"), "id"));
        assertEquals(List.of(2L, 4L), longs(selectOk("stocks",
                "{'select': ['order_num'], 'where': [['price', '>', 35.15]]}"), "order_num"));
        assertEquals(List.of(2L, 4L), longs(selectOk("stocks",
                "{'select': ['order_num'], 'where': [['price', '>', '35.15']]}"), "order_num"), "a numeric string for a float");
        assertEquals(List.of(3L), longs(selectOk("stocks",
                "{'select': ['order_num'], 'where': [['date', '=', '2006-01-06']]}"), "order_num"));
        assertEquals(List.of(3L, 4L), longs(selectOk("stocks",
                "{'select': ['order_num'], 'where': [['date', '>', '2006-01-05']]}"), "order_num"));
        // string equality is exact on both back ends
        assertEquals(0, selectOk("stocks", "{'select': ['order_num'], 'where': {'symbol': 'rhat'}}").size());
    }

    @Test
    void inAndNotIn() {
        assertEquals(List.of(1000L, 1001L), longs(selectOk("employees",
                "{'select': ['id'], 'where': [['id', 'in', [1000, 1001]]]}"), "id"));
        assertEquals(List.of(1000L, 1015L), longs(selectOk("employees",
                "{'select': ['id'], 'where': [['name', 'in', ['Jane Doe', 'Eli Adams']]]}"), "id"));
        assertEquals(58, selectOk("employees", "{'select': ['id'], 'where': [['id', 'not in', [1000, 1001]]]}").size());
        assertEquals(0, selectOk("employees", "{'select': ['id'], 'where': [['id', 'in', []]]}").size());
        assertEquals(60, selectOk("employees", "{'select': ['id'], 'where': [['id', 'not in', []]]}").size());
    }

    @Test
    void mixedListAndDictConditions() {
        assertEquals(Json.parse("[{'id': 1001, 'name': 'Dale Smith'}]"), selectOk("employees",
                "{'select': ['id', 'name'], 'where': [['id', '>', 1000], {'position_id': 100102, 'name': 'Dale Smith'}]}"));
    }

    @Test
    void whereErrorsAre400() {
        select("employees", "{'select': ['id'], 'where': [['id', '~', 1]]}").expect(400);
        select("employees", "{'select': ['id'], 'where': [['id', 'between', [1, 2]]]}").expect(400);
        select("employees", "{'select': ['id'], 'where': [['nope', '=', 1]]}").expect(400);
        select("employees", "{'select': ['id'], 'where': {'nope': 1}}").expect(400);
        select("employees", "{'select': ['nope']}").expect(400);
        select("employees", "{'select': ['id'], 'where': [['id', '=']]}").expect(400);
        select("employees", "{'select': ['id'], 'where': [['id', 'in', 1000]]}").expect(400);
        select("employees", "{'select': ['id'], 'where': [['id', '<', null]]}").expect(400);
        select("employees", "{'select': ['id'], 'where': [['id', '=', 'abc']]}").expect(400);
        select("employees", "{'select': ['id'], 'where': 'id = 1'}").expect(400);
        select("employees", "{'where': {'id': 1000}}").expect(400);
        select("employees", "{'select': []}").expect(400);
        select("employees", "{'select': ['*'], 'unknown_key': 1}").expect(400);
        assertEquals(400, admin.post(tablePath("employees", "/select"), "{'select': ").status());
    }

    // ------------------------------------------------------------------ orderby, limit, offset

    @Test
    void orderByColumnName() {
        ArrayNode rows = selectOk("employees", "{'select': ['id', 'name'], 'orderby': 'name'}");
        List<String> names = texts(rows, "name");
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(Comparator.naturalOrder());
        assertEquals(sorted, names);
        assertEquals(60, names.size());
    }

    @Test
    void orderByColumnAndDirection() {
        List<Long> desc = longs(selectOk("employees", "{'select': ['id'], 'orderby': ['id', 'desc']}"), "id");
        List<Long> expected = new ArrayList<>(longs(SeedData.employees(), "id"));
        expected.sort(Comparator.reverseOrder());
        assertEquals(expected, desc);
        List<Long> asc = longs(selectOk("employees", "{'select': ['id'], 'orderby': ['id', 'asc']}"), "id");
        expected.sort(Comparator.naturalOrder());
        assertEquals(expected, asc);
    }

    @Test
    void orderBySeveralKeys() {
        ArrayNode rows = selectOk("employees", "{'select': ['id', 'position_id'], 'orderby': [['position_id', 'desc'], 'id']}");
        List<long[]> got = new ArrayList<>();
        rows.forEach(r -> got.add(new long[] {r.get("position_id").asLong(), r.get("id").asLong()}));
        List<long[]> want = new ArrayList<>(got);
        want.sort(Comparator.<long[]>comparingLong(a -> -a[0]).thenComparingLong(a -> a[1]));
        assertEquals(want.stream().map(a -> a[0] + "/" + a[1]).toList(), got.stream().map(a -> a[0] + "/" + a[1]).toList());
        assertEquals(400104, got.get(0)[0], "Marketing Intern has the highest position id");
        // a joined table's column as a sort key
        ArrayNode joined = selectOk("employees", "{'select': ['employees.id', 'positions.name'], 'join': 'positions',"
                + " 'orderby': [['positions.name', 'desc'], ['employees.id', 'desc']]}");
        assertEquals("Rep", joined.get(0).get("positions.name").asText());
        assertEquals(1051, joined.get(0).get("employees.id").asInt(), "the last Rep (Marketing) comes first");
    }

    @Test
    void limitAndOffset() {
        assertEquals(List.of(1010L, 1011L, 1012L, 1013L, 1014L), longs(selectOk("employees",
                "{'select': ['id'], 'orderby': 'id', 'limit': 5, 'offset': 10}"), "id"));
        assertEquals(List.of(1000L, 1001L, 1002L), longs(selectOk("employees", "{'select': ['id'], 'limit': 3}"), "id"),
                "without orderby rows come in primary key order");
        assertEquals(List.of(1059L, 1058L), longs(selectOk("employees",
                "{'select': ['id'], 'orderby': ['id', 'desc'], 'limit': 2}"), "id"));
        assertEquals(0, selectOk("employees", "{'select': ['id'], 'limit': 0}").size());
        assertEquals(0, selectOk("employees", "{'select': ['id'], 'orderby': 'id', 'limit': 5, 'offset': 60}").size());
        assertEquals(List.of(1058L, 1059L), longs(selectOk("employees",
                "{'select': ['id'], 'orderby': 'id', 'offset': 58}"), "id"), "offset without limit");
        assertEquals(2, selectOk("employees", "{'select': ['*'], 'join': 'positions', 'where': {'positions.name': 'Rep'},"
                + " 'orderby': 'employees.id', 'limit': 2, 'offset': 14}").size());
    }

    @Test
    void orderByAndPagingErrorsAre400() {
        select("employees", "{'select': ['id'], 'orderby': 'nope'}").expect(400);
        select("employees", "{'select': ['id'], 'orderby': ['id', 'sideways']}").expect(400);
        select("employees", "{'select': ['id'], 'orderby': [['id', 'desc', 'extra']]}").expect(400);
        select("employees", "{'select': ['id'], 'limit': -1}").expect(400);
        select("employees", "{'select': ['id'], 'limit': 'x'}").expect(400);
        select("employees", "{'select': ['id'], 'limit': 1.5}").expect(400);
        select("employees", "{'select': ['id'], 'offset': -1}").expect(400);
    }

    // ------------------------------------------------------------------ §7 S1 / S2: injection

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "{'select': ['*'], 'where': {'name': \"x' OR '1'='1\"}}",
            "{'select': ['*'], 'where': {'name': 'name OR 1=1 -- }'}}",
            "{'select': ['*'], 'where': [['name', '=', \"x' OR '1'='1\"]]}",
            "{'select': ['*'], 'where': [['name', 'in', ['0) OR (1=1']]]}",
            "{'select': ['*'], 'where': [['name', 'like', \"%' OR '1'='1\"]]}",
            "{'select': ['*'], 'where': [['name', '=', 'employees.name']]}",
            "{'select': ['*'], 'where': {'name': \"x'; CREATE TABLE pwned (a int); SELECT '1\"}}",
            "{'select': ['*'], 'where': [['name', '=', \"x'; CREATE TABLE pwned (a int); SELECT '1\"]]}",
            "{'select': ['*'], 'where': {'name': 'x\\\"; CREATE TABLE pwned (a int); --'}}"})
    void injectedValuesMatchNothingAndRunNothing(String body) {
        ArrayNode rows = selectOk("employees", body);
        assertEquals(0, rows.size(), "an injected value must be compared as a value: " + rows);
        assertNoPwnedTable();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "{'select': ['*'], 'where': [['id', '>', '0 OR 1=1']]}",
            "{'select': ['*'], 'where': [['id', 'in', ['0) OR (1=1']]]}",
            "{'select': ['*'], 'where': {'id': '1000 OR 1=1'}}",
            "{'select': ['*'], 'where': [['id', '=', '1000; CREATE TABLE pwned (a int)']]}"})
    void injectedValuesForIntColumnsAreRejected(String body) {
        select("employees", body).expect(400);
        assertNoPwnedTable();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "{'select': ['id; CREATE TABLE pwned (a int)']}",
            "{'select': ['id FROM employees; CREATE TABLE pwned (a int); --']}",
            "{'select': ['*'], 'where': {'id OR 1=1 --': 1}}",
            "{'select': ['*'], 'where': [['id = id OR 1', '=', 1]]}",
            "{'select': ['*'], 'where': [['id', '= 1 OR 1 =', 1]]}",
            "{'select': ['*'], 'orderby': 'id; CREATE TABLE pwned (a int)'}",
            "{'select': ['*'], 'orderby': ['id', 'desc; CREATE TABLE pwned (a int)']}",
            "{'select': ['*'], 'join': 'positions; CREATE TABLE pwned (a int)'}",
            "{'select': ['*'], 'limit': '1; CREATE TABLE pwned (a int)'}",
            "{'select': ['`id`']}",
            "{'select': ['\"id\"']}"})
    void injectedIdentifiersAreRejected(String body) {
        select("employees", body).expect(400);
        assertNoPwnedTable();
        assertEquals(60, allRows("employees").size());
    }

    @Test
    void injectionThroughWritesIsStoredAsData() {
        // write paths bind values too: the attack text is stored verbatim and nothing else happens
        String table = uniqueTable("inj");
        createTables("{'" + table + "': {'columns': [{'name': 'id', 'type': 'int', 'mods': ''},"
                + " {'name': 's', 'type': 'str', 'mods': ''}], 'primary_key': 'id', 'foreign_keys': null}}");
        String attack = "x'); CREATE TABLE pwned (a int); --";
        insert(table, "{'id': 1, 's': " + Json.write(attack) + "}").expect(200);
        insert(table, "{'id': 2, 's': 'plain'}").expect(200);
        assertEquals(1, update(table, "{'set': {'s': \"y' WHERE 1=1; --\"}, 'where': {'s': 'plain'}}").expect(200).rows());
        assertEquals(0, deleteWhere(table, "{'where': {'s': \"z' OR '1'='1\"}}").expect(200).rows());
        ArrayNode rows = allRows(table);
        assertEquals(attack, rows.get(0).get("s").asText());
        assertEquals("y' WHERE 1=1; --", rows.get(1).get("s").asText());
        assertEquals(2, rows.size());
        assertNoPwnedTable();
    }

    private void assertNoPwnedTable() {
        assertFalse(tableExistsInDatabase("pwned"), "the injection created table pwned");
        assertFalse(listedTables().contains("pwned"));
    }

    // ------------------------------------------------------------------ helpers

    private static List<Long> ids(String csv) {
        List<Long> out = new ArrayList<>();
        for (String s : csv.split(",")) out.add(Long.parseLong(s.trim()));
        return out;
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<JsonNode> toList(ArrayNode a) {
        List<JsonNode> out = new ArrayList<>();
        a.forEach(out::add);
        return out;
    }

    private static JsonNode sortedBy(ArrayNode rows, String field) {
        ArrayNode out = Json.array();
        toList(rows).stream().sorted(Comparator.comparing(r -> r.get(field).asText())).forEach(out::add);
        return out;
    }
}
