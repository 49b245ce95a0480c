package org.pyql.e2e.endpoint;

import org.pyql.e2e.harness.RequiresMySql;

/** {@link ValueAndWriteCases} on the MySQL/MariaDB database. */
@RequiresMySql
class MysqlValueAndWriteIT extends ValueAndWriteCases {
    @Override
    protected Backend backend() {
        return Backend.MYSQL;
    }
}
