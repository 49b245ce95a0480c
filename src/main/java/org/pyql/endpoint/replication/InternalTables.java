package org.pyql.endpoint.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import org.pyql.endpoint.DataStore;
import org.pyql.query.Dialect;

/**
 * The endpoint's own tables in every database it serves, created when the database is first reached. Their names
 * start with {@code _pyql}, so the schema reader never lists them and {@code /db} treats them as unknown tables.
 * <ul>
 *   <li>{@value #META}: name/value pairs; {@code uuid} is the database's identity in data clusters, generated once.</li>
 *   <li>{@value #POSITIONS}: per claimed table the owning cluster (id, name), the highest term seen and the last seq
 *       applied.</li>
 *   <li>{@value #LOG}: per table and seq the op as applied (action, key, body JSON), under which term, its outcome
 *       (status, content JSON) and when it was applied (epoch millis).</li>
 * </ul>
 */
final class InternalTables {
    static final String META = "_pyql_meta";
    static final String POSITIONS = "_pyql_replication";
    static final String LOG = "_pyql_replication_log";

    private InternalTables() {
    }

    private static List<String> ddl(Dialect d) {
        if (d == Dialect.MYSQL) {
            return List.of(
                    "CREATE TABLE IF NOT EXISTS " + META + " (name VARCHAR(64) NOT NULL PRIMARY KEY, value TEXT NOT NULL)"
                            + " ENGINE=InnoDB",
                    "CREATE TABLE IF NOT EXISTS " + POSITIONS + " (table_name VARCHAR(64) NOT NULL PRIMARY KEY,"
                            + " cluster VARCHAR(255) NOT NULL, cluster_name VARCHAR(255) NOT NULL, term BIGINT NOT NULL,"
                            + " applied_seq BIGINT NOT NULL, claimed_at BIGINT NOT NULL) ENGINE=InnoDB",
                    "CREATE TABLE IF NOT EXISTS " + LOG + " (table_name VARCHAR(64) NOT NULL, seq BIGINT NOT NULL,"
                            + " term BIGINT NOT NULL, action VARCHAR(16) NOT NULL, op_key TEXT NULL, body LONGTEXT NULL,"
                            + " status INT NOT NULL, content LONGTEXT NULL, applied_at BIGINT NOT NULL,"
                            + " PRIMARY KEY (table_name, seq), KEY " + LOG + "_age (table_name, applied_at)) ENGINE=InnoDB");
        }
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + META + " (name TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + POSITIONS + " (table_name TEXT NOT NULL PRIMARY KEY, cluster TEXT NOT NULL,"
                        + " cluster_name TEXT NOT NULL, term INTEGER NOT NULL, applied_seq INTEGER NOT NULL,"
                        + " claimed_at INTEGER NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + LOG + " (table_name TEXT NOT NULL, seq INTEGER NOT NULL,"
                        + " term INTEGER NOT NULL, action TEXT NOT NULL, op_key TEXT, body TEXT, status INTEGER NOT NULL,"
                        + " content TEXT, applied_at INTEGER NOT NULL, PRIMARY KEY (table_name, seq))",
                "CREATE INDEX IF NOT EXISTS " + LOG + "_age ON " + LOG + " (table_name, applied_at)");
    }

    /** Creates the tables when missing and returns the database's uuid (generated and stored on first use). */
    static String ensure(DataStore store) {
        // DDL first, on its own (MySQL commits DDL implicitly anyway), then the uuid in a transaction
        store.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                for (String sql : ddl(store.dialect())) st.execute(sql);
            }
            return null;
        });
        try {
            return storeUuid(store);
        } catch (org.pyql.error.ConflictException anotherProcessWasFirst) {
            return storeUuid(store);   // two endpoints on one MySQL schema: the first uuid stored wins
        }
    }

    private static String storeUuid(DataStore store) {
        return store.inTransaction(c -> {
            String uuid = readUuid(c);
            if (uuid != null) return uuid;
            String fresh = UUID.randomUUID().toString();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + META + " (name, value) VALUES ('uuid', ?)")) {
                ps.setString(1, fresh);
                ps.executeUpdate();
            }
            return fresh;
        });
    }

    private static String readUuid(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT value FROM " + META + " WHERE name = 'uuid'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
