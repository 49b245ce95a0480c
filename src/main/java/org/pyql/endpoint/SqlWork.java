package org.pyql.endpoint;

import java.sql.Connection;
import java.sql.SQLException;

/** Work on one JDBC connection of a {@link DataStore}; the store translates its {@link SQLException}s. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection c) throws SQLException;
}
