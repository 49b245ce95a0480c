package org.pyql.e2e.endpoint;

import org.pyql.e2e.harness.RequiresMySql;

/** {@link HostileInputCases} on the MySQL/MariaDB database. */
@RequiresMySql
class MysqlHostileInputIT extends HostileInputCases {
    @Override
    protected Backend backend() {
        return Backend.MYSQL;
    }
}
