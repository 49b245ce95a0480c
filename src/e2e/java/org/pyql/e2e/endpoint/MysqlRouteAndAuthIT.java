package org.pyql.e2e.endpoint;

import org.pyql.e2e.harness.RequiresMySql;

/** {@link RouteAndAuthCases} on the MySQL/MariaDB database. */
@RequiresMySql
class MysqlRouteAndAuthIT extends RouteAndAuthCases {
    @Override
    protected Backend backend() {
        return Backend.MYSQL;
    }
}
