package org.pyql.query;

import java.util.List;

/**
 * One validated predicate of a where clause. Values are already converted to bind values for the column's type;
 * rendering writes only the quoted column, fixed operator text and {@code ?} markers.
 */
sealed interface Condition {
    /**
     * The escape character of LIKE patterns. Not a backslash: MySQL reads a backslash inside a string literal as an
     * escape of its own (unless NO_BACKSLASH_ESCAPES), so {@code ESCAPE '\\'} would need different spellings per
     * back end; {@code '!'} is written the same way on both.
     */
    char LIKE_ESCAPE = '!';

    void render(SqlWriter w);

    /**
     * {@code column <op> ?} for the comparison operators; {@code LOWER(column) LIKE LOWER(?)} for like, because SQLite's
     * LIKE ignores ASCII case while MySQL's follows the column collation (binary for tables PYQL creates): lowering both
     * sides gives the same answer on every replica, whatever the back end. The pattern escapes {@code %} and {@code _}
     * with {@link #LIKE_ESCAPE} (see {@code WhereClause.likePattern}).
     */
    record Compare(ColumnRef column, Operator op, Object value) implements Condition {
        @Override
        public void render(SqlWriter w) {
            if (op == Operator.LIKE || op == Operator.NOT_LIKE) {
                w.sql("LOWER(").column(column).sql(") ").sql(op.sql()).sql(" LOWER(").bind(value).sql(") ESCAPE '")
                        .sql(String.valueOf(LIKE_ESCAPE)).sql("'");
            } else {
                w.column(column).sql(" ").sql(op.sql()).sql(" ").bind(value);
            }
        }
    }

    /** {@code column IS [NOT] NULL}: equality with null, which {@code = ?} would never match. */
    record IsNull(ColumnRef column, boolean negated) implements Condition {
        @Override
        public void render(SqlWriter w) {
            w.column(column).sql(negated ? " IS NOT NULL" : " IS NULL");
        }
    }

    /** {@code column [NOT] IN (?, ?, ...)} with at least one value. */
    record InList(ColumnRef column, boolean negated, List<Object> values) implements Condition {
        public InList {
            values = List.copyOf(values); // null items are rejected while parsing
        }

        @Override
        public void render(SqlWriter w) {
            w.column(column).sql(negated ? " NOT IN (" : " IN (");
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) w.sql(", ");
                w.bind(values.get(i));
            }
            w.sql(")");
        }
    }

    /** An always-false or always-true predicate: {@code in []} matches nothing, {@code not in []} everything. */
    record Constant(boolean value) implements Condition {
        @Override
        public void render(SqlWriter w) {
            w.sql(value ? "1=1" : "1=0");
        }
    }
}
