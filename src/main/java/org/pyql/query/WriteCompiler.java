package org.pyql.query;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.pyql.error.BadRequestException;

/**
 * Insert, update and delete bodies to SQL. Writes touch one table only, so where clauses resolve against the table
 * alone, and an update or delete without a where is refused (the original rewrote every row on {@code "where": {}}).
 */
final class WriteCompiler {
    static final List<String> UPDATE_KEYS = List.of("set", "where");
    static final List<String> DELETE_KEYS = List.of("where");

    private WriteCompiler() {
    }

    static SqlStatement insert(Dialect dialect, TableSchema table, JsonNode row) {
        Bodies.object(row, "insert body");
        checkKeys(table, row);
        SqlWriter w = new SqlWriter(dialect, false);
        w.sql("INSERT INTO ").id(table.name());
        List<Column> columns = new ArrayList<>(row.size());
        List<Object> values = new ArrayList<>(row.size());
        for (Column c : table.columns()) {
            JsonNode v = row.get(c.name());
            if (v == null) {
                if (c.required()) {
                    throw new BadRequestException("missing value for required column " + c.name() + " of table "
                            + table.name(), "the column is NOT NULL without a default or auto increment");
                }
                continue;
            }
            Object bind = ValueCodec.toBind(c.type(), c.name(), v);
            if (bind == null) {
                // null on an auto-increment key asks for a generated value, as omitting it does.
                if (c.autoIncrement()) continue;
                if (c.notNull()) throw notNull(table, c);
            }
            columns.add(c);
            values.add(bind);
        }
        if (columns.isEmpty()) {
            w.sql(dialect == Dialect.MYSQL ? " () VALUES ()" : " DEFAULT VALUES");
            return w.toStatement();
        }
        w.sql(" (");
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) w.sql(", ");
            w.id(columns.get(i).name());
        }
        w.sql(") VALUES (");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) w.sql(", ");
            w.bind(values.get(i));
        }
        return w.sql(")").toStatement();
    }

    static SqlStatement update(Dialect dialect, TableSchema table, JsonNode body) {
        Bodies.object(body, "update body");
        Bodies.onlyKeys(body, UPDATE_KEYS, "update body");
        if (Bodies.isAbsent(body.get("set"))) {
            throw new BadRequestException("missing set in update", "use {\"set\": {\"column\": value}, \"where\": ...}");
        }
        WhereClause where = requiredWhere(body.get("where"), table);
        return renderUpdate(dialect, table, body.get("set"), where);
    }

    static SqlStatement updateByKey(Dialect dialect, TableSchema table, String key, JsonNode set) {
        WhereClause where = new WhereClause(List.of(primaryKeyCondition(table, key)));
        return renderUpdate(dialect, table, set, where);
    }

    static SqlStatement delete(Dialect dialect, TableSchema table, JsonNode body) {
        Bodies.object(body, "delete body");
        Bodies.onlyKeys(body, DELETE_KEYS, "delete body");
        return renderDelete(dialect, table, requiredWhere(body.get("where"), table));
    }

    static SqlStatement deleteByKey(Dialect dialect, TableSchema table, String key) {
        return renderDelete(dialect, table, new WhereClause(List.of(primaryKeyCondition(table, key))));
    }

    /** {@code pk = ?} with the URL segment converted to the key's type. */
    static Condition primaryKeyCondition(TableSchema table, String key) {
        Column pk = table.primaryKeyColumn().orElseThrow(() -> new BadRequestException(
                "table " + table.name() + " has no primary key", "use select, update or delete with a where"));
        if (key == null) throw new BadRequestException("missing primary key value for table " + table.name());
        Object value = ValueCodec.fromText(pk.type(), pk.name(), key);
        return new Condition.Compare(new ColumnRef(table, pk), Operator.EQ, value);
    }

    private static WhereClause requiredWhere(JsonNode whereNode, TableSchema table) {
        WhereClause where = WhereClause.parse(whereNode, QueryScope.of(table));
        if (where.isEmpty()) {
            throw new BadRequestException("update/delete requires a non-empty where",
                    "an empty where would change every row of table " + table.name());
        }
        return where;
    }

    private static SqlStatement renderUpdate(Dialect dialect, TableSchema table, JsonNode set, WhereClause where) {
        if (set == null || !set.isObject() || set.isEmpty()) {
            throw new BadRequestException("set must be a non-empty object of column values",
                    "got " + Bodies.kind(set));
        }
        checkKeys(table, set);
        SqlWriter w = new SqlWriter(dialect, false);
        w.sql("UPDATE ").id(table.name()).sql(" SET ");
        boolean first = true;
        for (Map.Entry<String, JsonNode> e : set.properties()) {
            Column c = table.byName().get(e.getKey());
            Object bind = ValueCodec.toBind(c.type(), c.name(), e.getValue());
            if (bind == null && c.notNull()) throw notNull(table, c);
            if (!first) w.sql(", ");
            first = false;
            w.id(c.name()).sql(" = ").bind(bind);
        }
        where.render(w);
        return w.toStatement();
    }

    private static SqlStatement renderDelete(Dialect dialect, TableSchema table, WhereClause where) {
        SqlWriter w = new SqlWriter(dialect, false);
        w.sql("DELETE FROM ").id(table.name());
        where.render(w);
        return w.toStatement();
    }

    /** Every key of a row or set object must be a column of the table (message shape of the original). */
    private static void checkKeys(TableSchema table, JsonNode object) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!table.hasColumn(key)) {
                throw new BadRequestException("invalid key provided '" + key + "' not found in table " + table.name(),
                        "valid keys " + QueryScope.columnNames(table));
            }
        }
    }

    private static BadRequestException notNull(TableSchema table, Column c) {
        return new BadRequestException("column " + c.name() + " of table " + table.name() + " cannot be null",
                "the column is NOT NULL");
    }
}
