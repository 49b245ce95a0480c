package org.pyql.query;

/** A column reference from a body, resolved to the table of the query that owns it. */
record ColumnRef(TableSchema table, Column column) {

    ColumnType type() { return column.type(); }

    /** {@code table.column}, the form used in messages and in join result keys. */
    String qualifiedName() { return table.name() + "." + column.name(); }
}
