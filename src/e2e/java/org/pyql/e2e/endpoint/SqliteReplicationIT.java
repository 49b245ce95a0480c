package org.pyql.e2e.endpoint;

/** {@link ReplicationCases} on the SQLite database. */
class SqliteReplicationIT extends ReplicationCases {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
