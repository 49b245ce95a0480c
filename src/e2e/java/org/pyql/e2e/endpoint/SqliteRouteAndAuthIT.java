package org.pyql.e2e.endpoint;

/** {@link RouteAndAuthCases} on the SQLite database. */
class SqliteRouteAndAuthIT extends RouteAndAuthCases {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
