package org.pyql.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pyql.query.Fixtures.CATALOG;
import static org.pyql.query.Fixtures.DEPARTMENTS;
import static org.pyql.query.Fixtures.EMPLOYEES;
import static org.pyql.query.Fixtures.POSITIONS;
import static org.pyql.query.Fixtures.STOCKS;
import static org.pyql.query.Fixtures.assertBadRequest;
import static org.pyql.query.Fixtures.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class JoinPlanTest {

    private static List<String> order(TableSchema base, Catalog catalog, String join) {
        List<String> names = new ArrayList<>();
        for (JoinPlan.Join j : JoinPlan.parse(json(join), base, catalog).joins()) names.add(j.table().name());
        return names;
    }

    @Test
    void anyKeyOrderGivesADependencyOrder() {
        String pos = "\"positions\":{\"employees.position_id\":\"positions.id\"}";
        String dep = "\"departments\":{\"positions.department_id\":\"departments.id\"}";
        assertEquals(List.of("positions", "departments"), order(EMPLOYEES, CATALOG, "{" + pos + "," + dep + "}"));
        assertEquals(List.of("positions", "departments"), order(EMPLOYEES, CATALOG, "{" + dep + "," + pos + "}"));
    }

    @Test
    void fourTableChainInEveryKeyOrder() {
        // employees <- positions <- departments <- regions (a table that references departments).
        TableSchema regions = new TableSchema("regions", List.of(
                new Column("id", ColumnType.INT, "", true, false, false),
                new Column("department_id", ColumnType.INT, "", false, false, false)), "id", List.of());
        Map<String, TableSchema> tables = Map.of("positions", POSITIONS, "departments", DEPARTMENTS, "regions", regions);
        Catalog catalog = name -> Optional.ofNullable(tables.get(name));
        List<String> parts = List.of(
                "\"positions\":{\"employees.position_id\":\"positions.id\"}",
                "\"departments\":{\"positions.department_id\":\"departments.id\"}",
                "\"regions\":{\"departments.id\":\"regions.department_id\"}");
        int[][] permutations = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        for (int[] p : permutations) {
            String join = "{" + parts.get(p[0]) + "," + parts.get(p[1]) + "," + parts.get(p[2]) + "}";
            assertEquals(List.of("positions", "departments", "regions"), order(EMPLOYEES, catalog, join), join);
        }
    }

    @Test
    void independentJoinsKeepBodyOrder() {
        TableSchema notes = new TableSchema("notes", List.of(
                new Column("employee_id", ColumnType.INT, "", false, false, false)), null, List.of());
        Map<String, TableSchema> tables = Map.of("positions", POSITIONS, "notes", notes);
        Catalog catalog = name -> Optional.ofNullable(tables.get(name));
        assertEquals(List.of("notes", "positions"), order(EMPLOYEES, catalog,
                "{\"notes\":{\"employees.id\":\"notes.employee_id\"},"
                        + "\"positions\":{\"employees.position_id\":\"positions.id\"}}"));
    }

    @Test
    void emptyObjectIsNoJoin() {
        assertEquals(List.of(), order(EMPLOYEES, CATALOG, "{}"));
    }

    @Test
    void errors() {
        assertBadRequest(() -> JoinPlan.parse(json("\"departments\""), EMPLOYEES, CATALOG),
                "employees", "no foreign key", "departments");
        assertBadRequest(() -> JoinPlan.parse(json("\"positions\""), STOCKS, CATALOG), "stocks", "no foreign key");
        assertBadRequest(() -> JoinPlan.parse(json("{\"nosuch\":{\"employees.id\":\"nosuch.id\"}}"), EMPLOYEES,
                CATALOG), "unknown table nosuch");
        assertBadRequest(() -> JoinPlan.parse(json("{\"employees\":{\"employees.id\":\"employees.id\"}}"), EMPLOYEES,
                CATALOG), "itself");
        assertBadRequest(() -> JoinPlan.parse(json("{\"positions\":{\"position_id\":\"positions.id\"}}"), EMPLOYEES,
                CATALOG), "position_id", "table.column");
        assertBadRequest(() -> JoinPlan.parse(json("{\"positions\":{\"employees.position_id\":\"id\"}}"), EMPLOYEES,
                CATALOG), "'id'", "table.column");
        assertBadRequest(() -> JoinPlan.parse(json("{\"positions\":{\"employees.nope\":\"positions.id\"}}"), EMPLOYEES,
                CATALOG), "nope", "employees");
        assertBadRequest(() -> JoinPlan.parse(json("{\"positions\":{\"departments.id\":\"positions.department_id\"}}"),
                EMPLOYEES, CATALOG), "departments", "not part of this query");
        assertBadRequest(() -> JoinPlan.parse(json("{\"positions\":{\"employees.position_id\":5}}"), EMPLOYEES,
                CATALOG), "employees.position_id", "table.column");
        assertBadRequest(() -> JoinPlan.parse(json("{\"positions\":{}}"), EMPLOYEES, CATALOG), "positions",
                "non-empty object");
        assertBadRequest(() -> JoinPlan.parse(json("{\"positions\":\"employees.position_id\"}"), EMPLOYEES, CATALOG),
                "positions", "non-empty object");
        assertBadRequest(() -> JoinPlan.parse(json("[\"positions\"]"), EMPLOYEES, CATALOG), "join must be");
        assertBadRequest(() -> JoinPlan.parse(json("{\"positions\":{\"employees.id\":\"employees.position_id\"}}"),
                EMPLOYEES, CATALOG), "positions", "do not reference it");
    }

    @Test
    void cyclicConditionsAreRejected() {
        assertBadRequest(() -> JoinPlan.parse(json("{"
                        + "\"positions\":{\"departments.id\":\"positions.department_id\"},"
                        + "\"departments\":{\"positions.department_id\":\"departments.id\"}}"), EMPLOYEES, CATALOG),
                "positions", "departments", "cycle");
    }

    @Test
    void hiddenColumnsAreOnlyTheJoinedTablesRightHandSides() {
        JoinPlan plan = JoinPlan.parse(json("{\"positions\":{\"employees.position_id\":\"positions.id\","
                + "\"employees.name\":\"positions.name\"}}"), EMPLOYEES, CATALOG);
        assertEquals(java.util.Set.of("id", "name"), plan.joins().get(0).hiddenColumns());
    }
}
