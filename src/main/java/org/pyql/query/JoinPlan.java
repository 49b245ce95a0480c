package org.pyql.query;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.pyql.error.BadRequestException;

/**
 * The joins of a select, validated and put in an order the database accepts. JSON objects are unordered, so the
 * joined tables are sorted topologically (each after every table its conditions reference), keeping the body's key
 * order where it is free; the original rendered them in key order and failed on a "reversed" body.
 */
record JoinPlan(List<Join> joins) {

    static final JoinPlan NONE = new JoinPlan(List.of());

    JoinPlan {
        joins = List.copyOf(joins);
    }

    /** {@code left = right}; both sides are columns of tables in the query. */
    record JoinCondition(ColumnRef left, ColumnRef right) {
    }

    /** {@code JOIN table ON c1 AND c2 ...}. */
    record Join(TableSchema table, List<JoinCondition> conditions) {
        Join {
            conditions = List.copyOf(conditions);
        }

        /**
         * Columns of this table left out of {@code select *}: the right-hand side of its own conditions, which repeat
         * the left-hand value (the original's de-duplication of join results).
         */
        Set<String> hiddenColumns() {
            Set<String> hidden = new HashSet<>();
            for (JoinCondition c : conditions) {
                if (c.right().table().name().equals(table.name())) hidden.add(c.right().column().name());
            }
            return hidden;
        }
    }

    QueryScope scope(TableSchema base) {
        if (joins.isEmpty()) return QueryScope.of(base);
        List<TableSchema> tables = new ArrayList<>(joins.size());
        for (Join j : joins) tables.add(j.table());
        return QueryScope.of(base, tables);
    }

    void render(SqlWriter w) {
        for (Join j : joins) {
            w.sql(" JOIN ").id(j.table().name()).sql(" ON ");
            List<JoinCondition> conditions = j.conditions();
            for (int i = 0; i < conditions.size(); i++) {
                if (i > 0) w.sql(" AND ");
                w.column(conditions.get(i).left()).sql(" = ").column(conditions.get(i).right());
            }
        }
    }

    /** {@code "t2"} (foreign-key shorthand) or {@code {"t2": {"a.c": "t2.c", ...}, ...}}; absent or {@code {}} is no join. */
    static JoinPlan parse(JsonNode join, TableSchema base, Catalog catalog) {
        if (Bodies.isAbsent(join)) return NONE;
        if (join.isTextual()) return foreignKeyJoin(join.textValue(), base, catalog);
        if (!join.isObject()) {
            throw new BadRequestException("join must be a table name or an object",
                    "use \"join\": \"<table>\" or \"join\": {\"<table>\": {\"<table>.<column>\": \"<table>.<column>\"}}");
        }
        if (join.isEmpty()) return NONE;
        QueryLimits.check(join.size(), QueryLimits.MAX_JOINED_TABLES, "tables in a join");

        // First every joined table, so conditions may name any of them whatever the key order.
        Map<String, TableSchema> joined = new LinkedHashMap<>();
        for (Iterator<String> it = join.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            joined.put(name, joinedTable(name, base, catalog));
        }
        QueryScope scope = QueryScope.of(base, joined.values());

        Map<String, Join> parsed = new LinkedHashMap<>();
        Map<String, Set<String>> dependsOn = new LinkedHashMap<>();
        for (Map.Entry<String, TableSchema> e : joined.entrySet()) {
            TableSchema table = e.getValue();
            JsonNode conditionsNode = join.get(e.getKey());
            if (!conditionsNode.isObject() || conditionsNode.isEmpty()) {
                throw new BadRequestException("join conditions of table " + table.name()
                        + " must be a non-empty object", "use {\"<table>.<column>\": \"" + table.name() + ".<column>\"}");
            }
            List<JoinCondition> conditions = new ArrayList<>(conditionsNode.size());
            Set<String> deps = new HashSet<>();
            boolean referencesItself = false;
            for (Map.Entry<String, JsonNode> c : conditionsNode.properties()) {
                if (!c.getValue().isTextual()) {
                    throw new BadRequestException("join condition '" + c.getKey() + "' of table " + table.name()
                            + " must map to a \"table.column\" string", "got " + Bodies.kind(c.getValue()));
                }
                ColumnRef left = qualified(scope, c.getKey(), table);
                ColumnRef right = qualified(scope, c.getValue().textValue(), table);
                conditions.add(new JoinCondition(left, right));
                for (ColumnRef side : List.of(left, right)) {
                    String sideTable = side.table().name();
                    if (sideTable.equals(table.name())) referencesItself = true;
                    else if (!sideTable.equals(base.name())) deps.add(sideTable);
                }
            }
            if (!referencesItself) {
                throw new BadRequestException("join conditions of table " + table.name() + " do not reference it",
                        "each condition set joins its own table, e.g. {\"" + base.name() + ".<column>\": \""
                                + table.name() + ".<column>\"}");
            }
            parsed.put(table.name(), new Join(table, conditions));
            dependsOn.put(table.name(), deps);
        }
        return new JoinPlan(order(parsed, dependsOn));
    }

    /** Kahn's algorithm, always taking the first ready table in body order so the result is deterministic. */
    private static List<Join> order(Map<String, Join> joins, Map<String, Set<String>> dependsOn) {
        List<Join> ordered = new ArrayList<>(joins.size());
        Set<String> placed = new HashSet<>();
        while (ordered.size() < joins.size()) {
            Join next = null;
            for (Join j : joins.values()) {
                String name = j.table().name();
                if (!placed.contains(name) && placed.containsAll(dependsOn.get(name))) {
                    next = j;
                    break;
                }
            }
            if (next == null) {
                List<String> stuck = new ArrayList<>();
                for (String name : joins.keySet()) if (!placed.contains(name)) stuck.add(name);
                throw new BadRequestException("join conditions of tables " + stuck + " reference each other in a cycle",
                        "each joined table may reference the base table and tables that do not depend on it");
            }
            ordered.add(next);
            placed.add(next.table().name());
        }
        return ordered;
    }

    private static ColumnRef qualified(QueryScope scope, String ref, TableSchema joining) {
        if (ref.indexOf('.') < 0) {
            throw new BadRequestException("join condition side '" + ref + "' of table " + joining.name()
                    + " must be \"table.column\"", "bare column names are ambiguous in a join");
        }
        return scope.resolve(ref, "join of table " + joining.name());
    }

    private static TableSchema joinedTable(String name, TableSchema base, Catalog catalog) {
        if (name.equals(base.name())) {
            throw new BadRequestException("cannot join table " + name + " to itself", "self joins are not supported");
        }
        return catalog.table(name).orElseThrow(() -> new BadRequestException("unknown table " + name + " in join",
                "the joined table must exist in this database"));
    }

    private static JoinPlan foreignKeyJoin(String target, TableSchema base, Catalog catalog) {
        ForeignKey fk = null;
        for (ForeignKey f : base.foreignKeys()) {
            if (f.refTable().equals(target)) {
                fk = f;
                break;
            }
        }
        if (fk == null) {
            throw new BadRequestException("table " + base.name() + " has no foreign key to table " + target,
                    "use an explicit join: {\"" + target + "\": {\"" + base.name() + ".<column>\": \"" + target
                            + ".<column>\"}}");
        }
        TableSchema table = joinedTable(target, base, catalog);
        Column local = QueryScope.columnOf(base, fk.column(), "foreign key join");
        Column ref = QueryScope.columnOf(table, fk.refColumn(), "foreign key join");
        return new JoinPlan(List.of(new Join(table,
                List.of(new JoinCondition(new ColumnRef(base, local), new ColumnRef(table, ref))))));
    }
}
