package org.pyql.e2e.endpoint;

import org.pyql.e2e.harness.RequiresMySql;

/** {@link SeedDataCases} on the MySQL/MariaDB database. */
@RequiresMySql
class MysqlSeedDataIT extends SeedDataCases {
    @Override
    protected Backend backend() {
        return Backend.MYSQL;
    }
}
