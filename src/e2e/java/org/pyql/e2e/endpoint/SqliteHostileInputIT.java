package org.pyql.e2e.endpoint;

/** {@link HostileInputCases} on the SQLite database. */
class SqliteHostileInputIT extends HostileInputCases {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
