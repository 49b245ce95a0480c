package org.pyql.query;

import static org.pyql.query.Fixtures.CATALOG;
import static org.pyql.query.Fixtures.EMPLOYEES;
import static org.pyql.query.Fixtures.STOCKS;
import static org.pyql.query.Fixtures.assertBadRequest;
import static org.pyql.query.Fixtures.assertStatement;
import static org.pyql.query.Fixtures.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** List-form where conditions (spec 2.3 and the list rows of 2.8), every value bound. */
class WhereClauseTest {
    private static final String EMP = "SELECT `id`, `name` FROM `employees` WHERE ";
    private static final String ORDER = " ORDER BY `id`";

    private static SqlStatement employees(Dialect d, String where) {
        return new QueryCompiler(d).select(EMPLOYEES, CATALOG,
                json("{\"select\":[\"id\",\"name\"],\"where\":" + where + "}")).statement();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void likeWithWildcard(Dialect d) {
        assertStatement(employees(d, "[[\"name\",\"like\",\"*ank*\"]]"), d, EMP + "LOWER(`name`) LIKE LOWER(?) ESCAPE '!'" + ORDER, "%ank%");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void likeWithoutWildcardMeansContains(Dialect d) {
        assertStatement(employees(d, "[[\"name\",\"like\",\"Carson\"]]"), d, EMP + "LOWER(`name`) LIKE LOWER(?) ESCAPE '!'" + ORDER, "%Carson%");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void notLikeIsCaseInsensitiveOnEveryBackEnd(Dialect d) {
        assertStatement(employees(d, "[[\"name\",\"NOT Like\",\"Car*\"]]"), d, EMP + "LOWER(`name`) NOT LIKE LOWER(?) ESCAPE '!'" + ORDER, "Car%");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void likeOnNumberUsesItsText(Dialect d) {
        assertStatement(employees(d, "[[\"id\",\"like\",10]]"), d, EMP + "LOWER(`id`) LIKE LOWER(?) ESCAPE '!'" + ORDER, "%10%");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void inListsAreConvertedByColumnType(Dialect d) {
        assertStatement(employees(d, "[[\"id\",\"in\",[1000,\"1001\"]]]"), d, EMP + "`id` IN (?, ?)" + ORDER,
                1000L, 1001L);
        assertStatement(employees(d, "[[\"name\",\"IN\",[\"Jane Doe\",\"Eli Adams\"]]]"), d,
                EMP + "`name` IN (?, ?)" + ORDER, "Jane Doe", "Eli Adams");
        assertStatement(employees(d, "[[\"name\",\"not in\",[\"x\"]]]"), d, EMP + "`name` NOT IN (?)" + ORDER, "x");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void emptyInIsFalseAndEmptyNotInIsTrue(Dialect d) {
        assertStatement(employees(d, "[[\"id\",\"in\",[]]]"), d, EMP + "1=0" + ORDER);
        assertStatement(employees(d, "[[\"id\",\"not in\",[]]]"), d, EMP + "1=1" + ORDER);
    }

    @ParameterizedTest
    @CsvSource({"=,=", "==,=", "!=,<>", "<>,<>", ">,>", ">=,>=", "<,<", "<=,<="})
    void comparisonOperators(String op, String rendered) {
        for (Dialect d : Dialect.values()) {
            assertStatement(employees(d, "[[\"id\",\"" + op + "\",1003]]"), d, EMP + "`id` " + rendered + " ?" + ORDER,
                    1003L);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void stringValuesAreValuesNotSql(Dialect d) {
        // The original emitted `name = Jane Doe` (SQL error) and read "a.b" strings as column references.
        assertStatement(employees(d, "[[\"name\",\"=\",\"Jane Doe\"]]"), d, EMP + "`name` = ?" + ORDER, "Jane Doe");
        assertStatement(employees(d, "[[\"name\",\"=\",\"employees.id\"]]"), d, EMP + "`name` = ?" + ORDER,
                "employees.id");
        assertStatement(new QueryCompiler(d).select(STOCKS, CATALOG,
                        json("{\"select\":[\"qty\"],\"where\":[[\"price\",\">\",\"35.15\"]]}")).statement(), d,
                "SELECT `qty` FROM `stocks` WHERE `price` > ? ORDER BY `order_num`", 35.15);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void nullWithEqualityOperators(Dialect d) {
        assertStatement(employees(d, "[[\"name\",\"=\",null]]"), d, EMP + "`name` IS NULL" + ORDER);
        assertStatement(employees(d, "[[\"name\",\"==\",null]]"), d, EMP + "`name` IS NULL" + ORDER);
        assertStatement(employees(d, "[[\"name\",\"!=\",null]]"), d, EMP + "`name` IS NOT NULL" + ORDER);
        assertStatement(employees(d, "[[\"name\",\"<>\",null]]"), d, EMP + "`name` IS NOT NULL" + ORDER);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void mixedListAndDictConditions(Dialect d) {
        assertStatement(employees(d, "[[\"id\",\">\",1000],{\"position_id\":100102,\"name\":\"Dale Smith\"}]"), d,
                EMP + "`id` > ? AND `position_id` = ? AND `name` = ?" + ORDER, 1000L, 100102L, "Dale Smith");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void dictInsideListIsTypeConverted(Dialect d) {
        // The original did not convert dict values inside a list (null and bool broke); here they are.
        assertStatement(new QueryCompiler(d).select(STOCKS, CATALOG, json(
                        "{\"select\":[\"qty\"],\"where\":[{\"qty\":null,\"after_hours\":\"TRUE\"}]}")).statement(), d,
                "SELECT `qty` FROM `stocks` WHERE `qty` IS NULL AND `after_hours` = ? ORDER BY `order_num`", true);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void joinedTableConditions(Dialect d) {
        SqlStatement s = new QueryCompiler(d).select(EMPLOYEES, CATALOG, json("{\"select\":[\"employees.name\"],"
                + "\"join\":{\"positions\":{\"employees.position_id\":\"positions.id\"}},"
                + "\"where\":[[\"positions.name\",\"not in\",[\"Manager\",\"Rep\"]],"
                + "[\"positions.department_id\",\"<>\",2001]]}")).statement();
        assertStatement(s, d, "SELECT `employees`.`name` FROM `employees` "
                + "JOIN `positions` ON `employees`.`position_id` = `positions`.`id` "
                + "WHERE `positions`.`name` NOT IN (?, ?) AND `positions`.`department_id` <> ? "
                + "ORDER BY `employees`.`id`, `positions`.`id`", "Manager", "Rep", 2001L);
    }

    @Test
    void errors() {
        Dialect d = Dialect.SQLITE;
        assertBadRequest(() -> employees(d, "[[\"id\",\"~\",1]]"), "operator", "~");
        assertBadRequest(() -> employees(d, "[[\"id\",\"between\",1]]"), "between");
        assertBadRequest(() -> employees(d, "[[\"id\",\"=\"]]"), "invalid where condition");
        assertBadRequest(() -> employees(d, "[[\"id\",\"=\",1,2]]"), "invalid where condition");
        assertBadRequest(() -> employees(d, "[\"id\"]"), "invalid where condition");
        assertBadRequest(() -> employees(d, "[42]"), "invalid where condition");
        assertBadRequest(() -> employees(d, "[[1,\"=\",1]]"), "must be strings");
        assertBadRequest(() -> employees(d, "[[\"id\",1,1]]"), "must be strings");
        assertBadRequest(() -> employees(d, "\"id=1\""), "where must be");
        assertBadRequest(() -> employees(d, "5"), "where must be");
        assertBadRequest(() -> employees(d, "{\"nope\":1}"), "nope", "employees");
        assertBadRequest(() -> employees(d, "[[\"nope\",\"=\",1]]"), "nope");
        assertBadRequest(() -> employees(d, "{\"positions.name\":\"x\"}"), "positions", "not part of this query");
        assertBadRequest(() -> employees(d, "[[\"id\",\">\",null]]"), "id", "null");
        assertBadRequest(() -> employees(d, "[[\"id\",\"in\",1]]"), "id", "array");
        assertBadRequest(() -> employees(d, "[[\"id\",\"not in\",\"1,2\"]]"), "id", "array");
        assertBadRequest(() -> employees(d, "[[\"id\",\"in\",[1,null]]]"), "id", "null");
        assertBadRequest(() -> employees(d, "[[\"id\",\"in\",[1,\"x\"]]]"), "id", "int");
        assertBadRequest(() -> employees(d, "[[\"name\",\"like\",null]]"), "name");
        assertBadRequest(() -> employees(d, "[[\"name\",\"like\",[\"a\"]]]"), "name");
        assertBadRequest(() -> employees(d, "{\"id\":\"abc\"}"), "id", "int");
        assertBadRequest(() -> employees(d, "{\"id\":6001.9}"), "id", "fraction");
    }
}
