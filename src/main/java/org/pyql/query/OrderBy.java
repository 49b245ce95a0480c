package org.pyql.query;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.pyql.error.BadRequestException;

/**
 * ORDER BY of a select. Forms: {@code "col"}, {@code ["col", "desc"]} (one key), or a list of those
 * ({@code [["a", "desc"], "b"]}). Replicas must return rows in the same order, so the primary keys of the query's
 * tables (base first) are appended as ascending tie-breakers, and they are the whole order when none is given.
 */
record OrderBy(List<Key> keys) {

    OrderBy {
        keys = List.copyOf(keys);
    }

    record Key(ColumnRef column, boolean descending) {
    }

    static OrderBy parse(JsonNode orderby, QueryScope scope) {
        List<Key> keys = new ArrayList<>();
        if (!Bodies.isAbsent(orderby)) {
            if (orderby.isTextual()) {
                keys.add(new Key(scope.resolve(orderby.textValue(), "orderby"), false));
            } else if (orderby.isArray() && isSingleKey(orderby)) {
                keys.add(key(orderby, scope));
            } else if (orderby.isArray() && !orderby.isEmpty()) {
                QueryLimits.check(orderby.size(), QueryLimits.MAX_ORDERBY_KEYS, "orderby keys");
                for (JsonNode item : orderby) {
                    keys.add(key(item, scope));
                }
            } else {
                throw invalid(orderby);
            }
        }
        for (TableSchema t : scope.tables()) {
            if (t.primaryKey() != null && t.hasColumn(t.primaryKey()) && !contains(keys, t, t.primaryKey())) {
                keys.add(new Key(new ColumnRef(t, t.byName().get(t.primaryKey())), false));
            }
        }
        return new OrderBy(keys);
    }

    void render(SqlWriter w) {
        if (keys.isEmpty()) return;
        w.sql(" ORDER BY ");
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) w.sql(", ");
            w.column(keys.get(i).column());
            if (keys.get(i).descending()) w.sql(" DESC");
        }
    }

    /** {@code ["col", "asc|desc"]}: a two-element array whose second element is a direction is one key. */
    private static boolean isSingleKey(JsonNode array) {
        return array.size() == 2 && array.get(0).isTextual() && array.get(1).isTextual()
                && direction(array.get(1).textValue()) != null;
    }

    private static Key key(JsonNode item, QueryScope scope) {
        if (item.isTextual()) return new Key(scope.resolve(item.textValue(), "orderby"), false);
        if (item.isArray() && item.size() == 2 && item.get(0).isTextual() && item.get(1).isTextual()) {
            Boolean descending = direction(item.get(1).textValue());
            if (descending == null) {
                throw new BadRequestException("invalid orderby direction '" + item.get(1).textValue() + "' for "
                        + item.get(0).textValue(), "use \"asc\" or \"desc\"");
            }
            return new Key(scope.resolve(item.get(0).textValue(), "orderby"), descending);
        }
        throw invalid(item);
    }

    /** TRUE for desc, FALSE for asc, null for anything else. */
    private static Boolean direction(String d) {
        if (d.equalsIgnoreCase("desc")) return Boolean.TRUE;
        if (d.equalsIgnoreCase("asc")) return Boolean.FALSE;
        return null;
    }

    private static boolean contains(List<Key> keys, TableSchema table, String column) {
        for (Key k : keys) {
            if (k.column().table().name().equals(table.name()) && k.column().column().name().equals(column)) {
                return true;
            }
        }
        return false;
    }

    private static BadRequestException invalid(JsonNode node) {
        return new BadRequestException("invalid orderby " + node,
                "use \"col\", [\"col\", \"desc\"] or a list of those, e.g. [[\"a\", \"desc\"], \"b\"]");
    }
}
