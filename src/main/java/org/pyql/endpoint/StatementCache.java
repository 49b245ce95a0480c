package org.pyql.endpoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Prepared statements of reads kept per physical connection. sqlite-jdbc has no statement cache of its own, so without
 * this every GET by key would re-run {@code sqlite3_prepare} and re-read the column names; on MySQL it keeps the
 * server-side statement open, which skips Connector/J's own cache lookup and statement reset on every request (the
 * server re-prepares a statement by itself after DDL on its table). A pooled connection is used
 * by one thread at a time, so each connection's small LRU needs no locking of its own; the outer map only holds
 * connections weakly and forgets them when the pool retires them. Cached statements are never closed by callers; after
 * DDL SQLite re-prepares them by itself (sqlite3_prepare_v2), and one that no longer fits fails like any SQL error.
 */
final class StatementCache {
    private static final int PER_CONNECTION = 64;
    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new WeakHashMap<>();

    PreparedStatement prepare(Connection pooled, String sql) throws SQLException {
        Connection physical = pooled.unwrap(Connection.class);   // HikariCP hands out its delegate
        Map<String, PreparedStatement> cache;
        synchronized (byConnection) {
            cache = byConnection.computeIfAbsent(physical, c -> new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                    if (size() <= PER_CONNECTION) return false;
                    closeQuietly(eldest.getValue());
                    return true;
                }
            });
        }
        PreparedStatement ps = cache.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = physical.prepareStatement(sql);
            cache.put(sql, ps);
        } else {
            ps.clearParameters();
        }
        return ps;
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // a statement on a connection the pool already closed
        }
    }
}
