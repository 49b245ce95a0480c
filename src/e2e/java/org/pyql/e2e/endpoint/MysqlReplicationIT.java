package org.pyql.e2e.endpoint;

import org.pyql.e2e.harness.RequiresMySql;

/** {@link ReplicationCases} on the MySQL/MariaDB database. */
@RequiresMySql
class MysqlReplicationIT extends ReplicationCases {
    @Override
    protected Backend backend() {
        return Backend.MYSQL;
    }
}
