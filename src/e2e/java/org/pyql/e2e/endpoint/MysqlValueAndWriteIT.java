package org.pyql.e2e.endpoint;

/** {@link ValueAndWriteCases} on the MySQL/MariaDB database. */
class MysqlValueAndWriteIT extends ValueAndWriteCases {
    @Override
    protected Backend backend() {
        return Backend.MYSQL;
    }
}
