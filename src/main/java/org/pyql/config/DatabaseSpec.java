package org.pyql.config;

/**
 * One database an endpoint serves: a SQLite file or a MySQL/MariaDB schema.
 *
 * @param jdbcUrl  {@code jdbc:sqlite:/path} or {@code jdbc:mysql://host:port/db}
 * @param user     MySQL user (null for SQLite)
 * @param password MySQL password (null for SQLite); never logged, see {@link #toString()}
 */
public record DatabaseSpec(String name, Kind kind, String jdbcUrl, String user, String password) {
    public enum Kind { SQLITE, MYSQL }

    @Override
    public String toString() {
        return name + "=" + jdbcUrl;
    }
}
