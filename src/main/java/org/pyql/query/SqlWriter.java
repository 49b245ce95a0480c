package org.pyql.query;

import java.util.ArrayList;
import java.util.List;

/**
 * Accumulates SQL text and its bind values side by side, so a {@code ?} can never be emitted without its value.
 * Identifiers only enter through {@link #id} (quoted by the dialect); values only through {@link #bind}.
 * One instance per statement; not shared.
 */
final class SqlWriter {
    private final StringBuilder sql = new StringBuilder(128);
    private final List<Object> binds = new ArrayList<>();
    private final Dialect dialect;
    /** Whether column references carry their table name (needed as soon as a join brings in a second table). */
    private final boolean qualify;

    SqlWriter(Dialect dialect, boolean qualify) {
        this.dialect = dialect;
        this.qualify = qualify;
    }

    Dialect dialect() { return dialect; }

    /** Fixed SQL text written by this package (keywords, punctuation); never user input. */
    SqlWriter sql(String fixed) {
        sql.append(fixed);
        return this;
    }

    /** An identifier already validated against the schema. */
    SqlWriter id(String identifier) {
        sql.append(dialect.quote(identifier));
        return this;
    }

    SqlWriter column(ColumnRef ref) {
        if (qualify) {
            id(ref.table().name()).sql(".");
        }
        return id(ref.column().name());
    }

    SqlWriter bind(Object value) {
        sql.append('?');
        binds.add(value);
        return this;
    }

    SqlStatement toStatement() {
        return new SqlStatement(sql.toString(), binds);
    }
}
