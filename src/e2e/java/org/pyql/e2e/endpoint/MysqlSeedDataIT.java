package org.pyql.e2e.endpoint;

/** {@link SeedDataCases} on the MySQL/MariaDB database. */
class MysqlSeedDataIT extends SeedDataCases {
    @Override
    protected Backend backend() {
        return Backend.MYSQL;
    }
}
