package org.pyql.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pyql.query.Fixtures.CATALOG;
import static org.pyql.query.Fixtures.EMPLOYEES;
import static org.pyql.query.Fixtures.KEYSTORE;
import static org.pyql.query.Fixtures.LOG;
import static org.pyql.query.Fixtures.POSITIONS;
import static org.pyql.query.Fixtures.STOCKS;
import static org.pyql.query.Fixtures.assertBadRequest;
import static org.pyql.query.Fixtures.assertStatement;
import static org.pyql.query.Fixtures.json;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The select examples of spec table 2.8, adapted (values bound, identifiers quoted, deterministic order). */
class SelectCompilerTest {
    private static final String STOCK_COLUMNS =
            "`order_num`, `date`, `trans`, `symbol`, `qty`, `price`, `after_hours`";

    private static SelectPlan select(Dialect d, TableSchema base, String body) {
        return new QueryCompiler(d).select(base, CATALOG, body == null ? null : json(body));
    }

    private static List<String> keys(SelectPlan plan) {
        return plan.output().stream().map(OutputColumn::key).toList();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void nullBodySelectsAllRowsInPrimaryKeyOrder(Dialect d) {
        SelectPlan plan = select(d, STOCKS, null);
        assertStatement(plan.statement(), d, "SELECT " + STOCK_COLUMNS + " FROM `stocks` ORDER BY `order_num`");
        assertEquals(List.of("order_num", "date", "trans", "symbol", "qty", "price", "after_hours"), keys(plan));
        assertEquals(List.of(ColumnType.INT, ColumnType.STR, ColumnType.STR, ColumnType.STR, ColumnType.INT,
                ColumnType.FLOAT, ColumnType.BOOL), plan.output().stream().map(OutputColumn::type).toList());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void starStringEqualsStarList(Dialect d) {
        assertEquals(select(d, STOCKS, "{\"select\": [\"*\"]}"), select(d, STOCKS, "{\"select\": \"*\"}"));
        assertEquals(select(d, STOCKS, "{\"select\": [\"*\"]}"), select(d, STOCKS, "{\"select\": [\"qty\", \"*\"]}"));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void columnsWithFloatEquality(Dialect d) {
        SelectPlan plan = select(d, STOCKS, "{\"select\":[\"order_num\",\"after_hours\"],\"where\":{\"price\":35.16}}");
        assertStatement(plan.statement(), d,
                "SELECT `order_num`, `after_hours` FROM `stocks` WHERE `price` = ? ORDER BY `order_num`", 35.16);
        assertEquals(List.of("order_num", "after_hours"), keys(plan));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void nullBecomesIsNull(Dialect d) {
        assertStatement(select(d, STOCKS, "{\"select\":[\"*\"],\"where\":{\"qty\":null}}").statement(), d,
                "SELECT " + STOCK_COLUMNS + " FROM `stocks` WHERE `qty` IS NULL ORDER BY `order_num`");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void boolValuesAreBoundAsBooleans(Dialect d) {
        assertStatement(select(d, STOCKS, "{\"select\":[\"order_num\"],\"where\":{\"after_hours\":true}}").statement(),
                d, "SELECT `order_num` FROM `stocks` WHERE `after_hours` = ? ORDER BY `order_num`", true);
        assertStatement(select(d, STOCKS, "{\"select\":[\"order_num\"],\"where\":{\"after_hours\":\"false\"}}")
                .statement(), d, "SELECT `order_num` FROM `stocks` WHERE `after_hours` = ? ORDER BY `order_num`", false);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void jsonValueMatchesCanonicallyWhateverTheKeyOrder(Dialect d) {
        String canonical = "{\"condition\":{\"limit\":\"36.00\",\"time\":\"EndOfTradingDay\"},\"type\":\"BUY\"}";
        SelectPlan a = select(d, STOCKS, "{\"select\":[\"order_num\"],\"where\":{\"trans\":"
                + "{\"type\":\"BUY\",\"condition\":{\"time\":\"EndOfTradingDay\",\"limit\":\"36.00\"}}}}");
        SelectPlan b = select(d, STOCKS, "{\"select\":[\"order_num\"],\"where\":{\"trans\":"
                + "{\"condition\":{\"limit\":\"36.00\",\"time\":\"EndOfTradingDay\"},\"type\":\"BUY\"}}}");
        assertStatement(a.statement(), d, "SELECT `order_num` FROM `stocks` WHERE `trans` = ? ORDER BY `order_num`",
                canonical);
        assertEquals(a, b);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void dictWhereIsAndInKeyOrder(Dialect d) {
        assertStatement(select(d, STOCKS, "{\"select\":[\"order_num\"],\"where\":{\"symbol\":\"RHAT\",\"qty\":100}}")
                        .statement(), d,
                "SELECT `order_num` FROM `stocks` WHERE `symbol` = ? AND `qty` = ? ORDER BY `order_num`", "RHAT", 100L);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void emptyWhereMeansNoFilter(Dialect d) {
        String all = select(d, STOCKS, "{\"select\":[\"qty\"]}").statement().sql();
        assertEquals(all, select(d, STOCKS, "{\"select\":[\"qty\"],\"where\":{}}").statement().sql());
        assertEquals(all, select(d, STOCKS, "{\"select\":[\"qty\"],\"where\":[]}").statement().sql());
        assertEquals(all, select(d, STOCKS, "{\"select\":[\"qty\"],\"where\":null}").statement().sql());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void selectByKeyConvertsTheKeyToTheKeyType(Dialect d) {
        QueryCompiler c = new QueryCompiler(d);
        SelectPlan plan = c.selectByKey(STOCKS, "1");
        assertStatement(plan.statement(), d, "SELECT " + STOCK_COLUMNS + " FROM `stocks` WHERE `order_num` = ?", 1L);
        assertEquals(7, plan.output().size());
        assertStatement(c.selectByKey(KEYSTORE, "k1").statement(), d,
                "SELECT `env`, `val` FROM `keystore` WHERE `env` = ?", "k1");
    }

    @Test
    void selectByKeyErrors() {
        QueryCompiler c = new QueryCompiler(Dialect.SQLITE);
        assertBadRequest(() -> c.selectByKey(STOCKS, "abc"), "order_num", "int");
        assertBadRequest(() -> c.selectByKey(LOG, "1"), "log", "no primary key");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void tableWithoutPrimaryKeyHasNoOrderBy(Dialect d) {
        assertStatement(select(d, LOG, null).statement(), d, "SELECT `msg` FROM `log`");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void foreignKeyShorthandJoin(Dialect d) {
        SelectPlan plan = select(d, EMPLOYEES, "{\"select\":[\"*\"],\"join\":\"positions\"}");
        assertStatement(plan.statement(), d, "SELECT `employees`.`id`, `employees`.`name`, `employees`.`position_id`, "
                + "`positions`.`name`, `positions`.`department_id` FROM `employees` "
                + "JOIN `positions` ON `employees`.`position_id` = `positions`.`id` "
                + "ORDER BY `employees`.`id`, `positions`.`id`");
        assertEquals(List.of("employees.id", "employees.name", "employees.position_id", "positions.name",
                "positions.department_id"), keys(plan));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void explicitJoinWithWhereOnJoinedTable(Dialect d) {
        SelectPlan plan = select(d, POSITIONS, "{\"select\":[\"*\"],\"join\":{\"departments\":"
                + "{\"positions.department_id\":\"departments.id\"}},\"where\":{\"departments.name\":\"HR\"}}");
        assertStatement(plan.statement(), d, "SELECT `positions`.`id`, `positions`.`name`, `positions`.`department_id`, "
                + "`departments`.`name` FROM `positions` "
                + "JOIN `departments` ON `positions`.`department_id` = `departments`.`id` "
                + "WHERE `departments`.`name` = ? ORDER BY `positions`.`id`, `departments`.`id`", "HR");
        assertEquals(List.of("positions.id", "positions.name", "positions.department_id", "departments.name"),
                keys(plan));
    }

    private static final String THREE_TABLES_SQL = "SELECT `employees`.`name`, `positions`.`name`, "
            + "`departments`.`name` FROM `employees` "
            + "JOIN `positions` ON `employees`.`position_id` = `positions`.`id` "
            + "JOIN `departments` ON `positions`.`department_id` = `departments`.`id` "
            + "WHERE `positions`.`name` = ? ORDER BY `employees`.`id`, `positions`.`id`, `departments`.`id`";

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void threeTableJoin(Dialect d) {
        SelectPlan plan = select(d, EMPLOYEES, "{\"select\":[\"employees.name\",\"positions.name\",\"departments.name\"],"
                + "\"join\":{\"positions\":{\"employees.position_id\":\"positions.id\"},"
                + "\"departments\":{\"positions.department_id\":\"departments.id\"}},"
                + "\"where\":{\"positions.name\":\"Director\"}}");
        assertStatement(plan.statement(), d, THREE_TABLES_SQL, "Director");
        assertEquals(List.of("employees.name", "positions.name", "departments.name"), keys(plan));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void threeTableJoinInReversedKeyOrderIsReordered(Dialect d) {
        SelectPlan plan = select(d, EMPLOYEES, "{\"select\":[\"employees.name\",\"positions.name\",\"departments.name\"],"
                + "\"join\":{\"departments\":{\"positions.department_id\":\"departments.id\"},"
                + "\"positions\":{\"employees.position_id\":\"positions.id\"}},"
                + "\"where\":{\"positions.name\":\"Director\"}}");
        assertStatement(plan.statement(), d, THREE_TABLES_SQL, "Director");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void doubleConditionJoinHasTheForeignKeyJoinKeys(Dialect d) {
        SelectPlan plan = select(d, EMPLOYEES, "{\"select\":[\"*\"],\"join\":{\"positions\":"
                + "{\"employees.position_id\":\"positions.id\",\"positions.id\":\"employees.position_id\"}}}");
        assertStatement(plan.statement(), d, "SELECT `employees`.`id`, `employees`.`name`, `employees`.`position_id`, "
                + "`positions`.`name`, `positions`.`department_id` FROM `employees` "
                + "JOIN `positions` ON `employees`.`position_id` = `positions`.`id` "
                + "AND `positions`.`id` = `employees`.`position_id` ORDER BY `employees`.`id`, `positions`.`id`");
        assertEquals(keys(select(d, EMPLOYEES, "{\"select\":[\"*\"],\"join\":\"positions\"}")), keys(plan));
    }

    @Test
    void reversedConditionKeepsBothColumns() {
        SelectPlan plan = select(Dialect.SQLITE, EMPLOYEES,
                "{\"select\":[\"*\"],\"join\":{\"positions\":{\"positions.id\":\"employees.position_id\"}}}");
        assertEquals(List.of("employees.id", "employees.name", "employees.position_id", "positions.id",
                "positions.name", "positions.department_id"), keys(plan));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void bareNamesInAJoinResolveToTheBaseTable(Dialect d) {
        SelectPlan plan = select(d, EMPLOYEES, "{\"select\":[\"name\",\"positions.name\"],\"join\":\"positions\","
                + "\"where\":{\"name\":\"Jane Doe\"}}");
        assertStatement(plan.statement(), d, "SELECT `employees`.`name`, `positions`.`name` FROM `employees` "
                + "JOIN `positions` ON `employees`.`position_id` = `positions`.`id` "
                + "WHERE `employees`.`name` = ? ORDER BY `employees`.`id`, `positions`.`id`", "Jane Doe");
        assertEquals(List.of("name", "positions.name"), keys(plan));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void qualifiedBaseColumnWithoutJoinIsKeyedAsRequested(Dialect d) {
        SelectPlan plan = select(d, STOCKS, "{\"select\":[\"stocks.qty\",\"symbol\"]}");
        assertStatement(plan.statement(), d, "SELECT `qty`, `symbol` FROM `stocks` ORDER BY `order_num`");
        assertEquals(List.of("stocks.qty", "symbol"), keys(plan));
    }

    @Test
    void selectErrors() {
        assertBadRequest(() -> select(Dialect.SQLITE, STOCKS, "{}"), "missing select");
        assertBadRequest(() -> select(Dialect.SQLITE, STOCKS, "{\"where\":{\"qty\":1}}"), "missing select");
        assertBadRequest(() -> select(Dialect.SQLITE, STOCKS, "{\"select\":[]}"), "non-empty array");
        assertBadRequest(() -> select(Dialect.SQLITE, STOCKS, "{\"select\":\"qty\"}"), "non-empty array");
        assertBadRequest(() -> select(Dialect.SQLITE, STOCKS, "{\"select\":{\"qty\":1}}"), "non-empty array");
        assertBadRequest(() -> select(Dialect.SQLITE, STOCKS, "{\"select\":[1]}"), "column names");
        assertBadRequest(() -> select(Dialect.SQLITE, STOCKS, "{\"select\":[\"nope\"]}"), "nope", "stocks");
        assertBadRequest(() -> select(Dialect.SQLITE, STOCKS, "{\"select\":[\"qty\",\"qty\"]}"), "qty", "twice");
        assertBadRequest(() -> select(Dialect.SQLITE, STOCKS, "{\"select\":[\"a.b.c\"]}"), "a.b.c");
        assertBadRequest(() -> select(Dialect.SQLITE, STOCKS, "{\"select\":[\"positions.name\"]}"),
                "positions", "not part of this query");
        assertBadRequest(() -> select(Dialect.SQLITE, STOCKS, "{\"select\":[\"nosuch.name\"]}"), "nosuch");
        assertBadRequest(() -> select(Dialect.SQLITE, STOCKS, "{\"select\":[\"*\"],\"limt\":5}"), "limt");
        assertBadRequest(() -> select(Dialect.SQLITE, STOCKS, "[\"*\"]"), "select body");
        assertBadRequest(() -> select(Dialect.SQLITE, EMPLOYEES,
                "{\"select\":[\"departments.name\"],\"join\":\"positions\"}"), "departments", "not part of this query");
    }
}
