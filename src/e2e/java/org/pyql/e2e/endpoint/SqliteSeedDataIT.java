package org.pyql.e2e.endpoint;

/** {@link SeedDataCases} on the SQLite database. */
class SqliteSeedDataIT extends SeedDataCases {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
