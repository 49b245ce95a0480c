package org.pyql.query;

/**
 * What differs between the SQL back ends: identifier quoting, DDL type names, auto-increment spelling, LIMIT without
 * a bound. Rendering code asks the dialect instead of branching on the database.
 */
public enum Dialect {
    SQLITE, MYSQL;

    /** Quotes an identifier that was already checked against the schema. */
    public String quote(String identifier) {
        return this == MYSQL
                ? '`' + identifier.replace("`", "``") + '`'
                : '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
