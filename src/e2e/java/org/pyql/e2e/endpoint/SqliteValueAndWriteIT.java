package org.pyql.e2e.endpoint;

/** {@link ValueAndWriteCases} on the SQLite database. */
class SqliteValueAndWriteIT extends ValueAndWriteCases {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
