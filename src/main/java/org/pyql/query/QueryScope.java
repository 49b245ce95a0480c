package org.pyql.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.pyql.error.BadRequestException;

/**
 * The tables a statement may reference: the base table plus the joined tables. Resolves the two reference forms of
 * PYQL bodies: a bare {@code column} (always the base table, even in a join) and {@code table.column} (any table of
 * the query). Referring to a table that exists but is not part of the query is a client error, not a silent join.
 */
final class QueryScope {
    private final TableSchema base;
    private final Map<String, TableSchema> tables;

    private QueryScope(TableSchema base, Map<String, TableSchema> tables) {
        this.base = base;
        this.tables = tables;
    }

    static QueryScope of(TableSchema base) {
        Map<String, TableSchema> tables = new LinkedHashMap<>(2);
        tables.put(base.name(), base);
        return new QueryScope(base, tables);
    }

    /** The base table followed by {@code joined} in order (the rendered join order). */
    static QueryScope of(TableSchema base, Collection<TableSchema> joined) {
        Map<String, TableSchema> tables = new LinkedHashMap<>();
        tables.put(base.name(), base);
        for (TableSchema t : joined) {
            tables.put(t.name(), t);
        }
        return new QueryScope(base, tables);
    }

    TableSchema base() { return base; }

    boolean hasJoins() { return tables.size() > 1; }

    Collection<TableSchema> tables() { return tables.values(); }

    /** {@code what} names the part of the body for the error message, e.g. "select", "where", "orderby". */
    ColumnRef resolve(String ref, String what) {
        int dot = ref.indexOf('.');
        if (dot < 0) {
            return new ColumnRef(base, columnOf(base, ref, what));
        }
        if (ref.indexOf('.', dot + 1) >= 0) {
            throw new BadRequestException("invalid column reference '" + ref + "' in " + what,
                    "use 'column' or 'table.column'");
        }
        String tableName = ref.substring(0, dot);
        TableSchema table = tables.get(tableName);
        if (table == null) {
            throw new BadRequestException("table " + tableName + " referenced by '" + ref + "' in " + what
                    + " is not part of this query", "tables in this query: " + new ArrayList<>(tables.keySet()));
        }
        return new ColumnRef(table, columnOf(table, ref.substring(dot + 1), what));
    }

    static Column columnOf(TableSchema table, String name, String what) {
        Column c = table.byName().get(name);
        if (c == null) {
            throw new BadRequestException("unknown column '" + name + "' of table " + table.name() + " in " + what,
                    "valid columns: " + columnNames(table));
        }
        return c;
    }

    static String columnNames(TableSchema table) {
        StringBuilder b = new StringBuilder("[");
        for (Column c : table.columns()) {
            if (b.length() > 1) b.append(", ");
            b.append(c.name());
        }
        return b.append(']').toString();
    }
}
