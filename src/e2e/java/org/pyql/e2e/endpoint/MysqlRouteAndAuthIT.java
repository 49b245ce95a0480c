package org.pyql.e2e.endpoint;

/** {@link RouteAndAuthCases} on the MySQL/MariaDB database. */
class MysqlRouteAndAuthIT extends RouteAndAuthCases {
    @Override
    protected Backend backend() {
        return Backend.MYSQL;
    }
}
