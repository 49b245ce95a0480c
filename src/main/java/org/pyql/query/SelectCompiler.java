package org.pyql.query;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.pyql.error.BadRequestException;

/**
 * A PYQL select body to a {@link SelectPlan}. The column list is always explicit (never {@code SELECT *}) so the
 * result set lines up one-to-one with the {@link OutputColumn}s, whatever the table looks like in the database.
 */
final class SelectCompiler {
    static final List<String> KEYS = List.of("select", "where", "join", "orderby", "limit", "offset");

    /** Offset without a limit: each dialect's spelling of "no limit". */
    private static final String MYSQL_NO_LIMIT = " LIMIT 18446744073709551615";
    private static final String SQLITE_NO_LIMIT = " LIMIT -1";

    private SelectCompiler() {
    }

    /** A selected column and the key it is returned under (exactly the string requested). */
    private record Selected(String key, ColumnRef column) {
    }

    static SelectPlan compile(Dialect dialect, TableSchema base, Catalog catalog, JsonNode body) {
        if (Bodies.isAbsent(body)) {
            QueryScope scope = QueryScope.of(base);
            return render(dialect, scope, JoinPlan.NONE, all(scope, JoinPlan.NONE), WhereClause.NONE,
                    OrderBy.parse(null, scope), null, null);
        }
        Bodies.object(body, "select body");
        Bodies.onlyKeys(body, KEYS, "select body");
        JsonNode select = body.get("select");
        if (Bodies.isAbsent(select)) {
            throw new BadRequestException("missing select", "use {\"select\": [\"*\"]} or a list of columns");
        }
        JoinPlan joins = JoinPlan.parse(body.get("join"), base, catalog);
        QueryScope scope = joins.scope(base);
        List<Selected> columns = selection(select, scope, joins);
        QueryLimits.check(columns.size(), QueryLimits.MAX_RESULT_COLUMNS, "columns in a select result");
        WhereClause where = WhereClause.parse(body.get("where"), scope);
        OrderBy order = OrderBy.parse(body.get("orderby"), scope);
        Long limit = nonNegative(body.get("limit"), "limit");
        Long offset = nonNegative(body.get("offset"), "offset");
        return render(dialect, scope, joins, columns, where, order, limit, offset);
    }

    /** Every column of the row with this primary key value. */
    static SelectPlan byKey(Dialect dialect, TableSchema table, String key) {
        QueryScope scope = QueryScope.of(table);
        Condition pk = WriteCompiler.primaryKeyCondition(table, key);
        return render(dialect, scope, JoinPlan.NONE, all(scope, JoinPlan.NONE), new WhereClause(List.of(pk)),
                new OrderBy(List.of()), null, null);
    }

    private static List<Selected> selection(JsonNode select, QueryScope scope, JoinPlan joins) {
        if (select.isTextual() && select.textValue().equals("*")) return all(scope, joins);
        if (!select.isArray() || select.isEmpty()) {
            throw new BadRequestException("select must be a non-empty array of columns",
                    "use [\"*\"], [\"col\", ...] or [\"table.col\", ...]; got " + Bodies.kind(select));
        }
        for (JsonNode entry : select) {
            if (entry.isTextual() && entry.textValue().equals("*")) return all(scope, joins);
        }
        List<Selected> out = new ArrayList<>(select.size());
        Set<String> seen = new HashSet<>();
        for (JsonNode entry : select) {
            if (!entry.isTextual()) {
                throw new BadRequestException("select entries must be column names", "got " + Bodies.kind(entry));
            }
            String key = entry.textValue();
            if (!seen.add(key)) {
                throw new BadRequestException("column " + key + " is selected twice", "each result key must be unique");
            }
            out.add(new Selected(key, scope.resolve(key, "select")));
        }
        return out;
    }

    /**
     * {@code *}: bare names without a join; with a join {@code table.column} for the base table then each joined
     * table, leaving out a joined table's columns that repeat the left side of its own join conditions.
     */
    private static List<Selected> all(QueryScope scope, JoinPlan joins) {
        TableSchema base = scope.base();
        List<Selected> out = new ArrayList<>();
        if (joins.joins().isEmpty()) {
            for (Column c : base.columns()) out.add(new Selected(c.name(), new ColumnRef(base, c)));
            return out;
        }
        for (Column c : base.columns()) out.add(qualified(base, c));
        for (JoinPlan.Join j : joins.joins()) {
            Set<String> hidden = j.hiddenColumns();
            for (Column c : j.table().columns()) {
                if (!hidden.contains(c.name())) out.add(qualified(j.table(), c));
            }
        }
        return out;
    }

    private static Selected qualified(TableSchema t, Column c) {
        return new Selected(t.name() + "." + c.name(), new ColumnRef(t, c));
    }

    private static Long nonNegative(JsonNode n, String what) {
        if (Bodies.isAbsent(n)) return null;
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
            throw new BadRequestException(what + " must be a non-negative integer", "got " + n);
        }
        return n.longValue();
    }

    private static SelectPlan render(Dialect dialect, QueryScope scope, JoinPlan joins, List<Selected> columns,
                                     WhereClause where, OrderBy order, Long limit, Long offset) {
        SqlWriter w = new SqlWriter(dialect, scope.hasJoins());
        List<OutputColumn> output = new ArrayList<>(columns.size());
        w.sql("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) w.sql(", ");
            Selected s = columns.get(i);
            w.column(s.column());
            output.add(new OutputColumn(s.key(), s.column().type()));
        }
        w.sql(" FROM ").id(scope.base().name());
        joins.render(w);
        where.render(w);
        order.render(w);
        if (limit != null) {
            w.sql(" LIMIT ").bind(limit);
        } else if (offset != null) {
            w.sql(dialect == Dialect.MYSQL ? MYSQL_NO_LIMIT : SQLITE_NO_LIMIT);
        }
        if (offset != null) w.sql(" OFFSET ").bind(offset);
        return new SelectPlan(w.toStatement(), output);
    }
}
