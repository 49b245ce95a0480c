package org.pyql.endpoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.pyql.config.DatabaseSpec;
import org.pyql.error.NotFoundException;
import org.pyql.error.UnavailableException;
import org.pyql.query.Catalog;
import org.pyql.query.Dialect;
import org.pyql.query.QueryCompiler;
import org.pyql.query.TableSchema;

/**
 * One database served by this endpoint: its connection pool, its dialect and the cached schema of its user tables.
 * The schema is re-read after DDL and, at most once a second, when a request names a table it does not know (so
 * tables created outside the endpoint appear without a restart).
 */
public final class DataStore implements Catalog, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DataStore.class.getName());
    private static final long MISS_REFRESH_INTERVAL_NANOS = 1_000_000_000L;

    private final DatabaseSpec spec;
    private final HikariDataSource pool;
    private final QueryCompiler compiler;
    /** SQLite allows one writer; serialising writers here beats its sleep-and-retry busy handler. */
    private final ReentrantLock writeLock;
    private final StatementCache statements;
    private volatile Map<String, TableSchema> tables = Map.of();
    private volatile long lastMissRefresh;

    DataStore(DatabaseSpec spec) {
        this.spec = spec;
        this.pool = new HikariDataSource(poolConfig(spec));
        this.compiler = new QueryCompiler(spec.kind() == DatabaseSpec.Kind.MYSQL ? Dialect.MYSQL : Dialect.SQLITE);
        this.writeLock = spec.kind() == DatabaseSpec.Kind.SQLITE ? new ReentrantLock() : null;
        this.statements = new StatementCache();
    }

    private static HikariConfig poolConfig(DatabaseSpec spec) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("pyql-" + spec.name());
        c.setJdbcUrl(spec.jdbcUrl());
        c.setConnectionTimeout(5_000);
        c.setValidationTimeout(2_000);
        c.setInitializationFailTimeout(-1);   // start even when MySQL is down; requests then get 503
        if (spec.kind() == DatabaseSpec.Kind.SQLITE) {
            c.setDriverClassName("org.sqlite.JDBC");
            c.setMaximumPoolSize(16);   // WAL readers run concurrently; writers queue on writeLock
            c.addDataSourceProperty("journal_mode", "WAL");
            c.addDataSourceProperty("synchronous", "FULL");
            c.addDataSourceProperty("foreign_keys", "true");
            c.addDataSourceProperty("busy_timeout", "10000");
            c.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        } else {
            c.setDriverClassName("com.mysql.cj.jdbc.Driver");
            c.setMaximumPoolSize(16);
            if (spec.user() != null) c.setUsername(spec.user());
            if (spec.password() != null) c.setPassword(spec.password());
            c.addDataSourceProperty("cachePrepStmts", "true");
            c.addDataSourceProperty("prepStmtCacheSize", "500");
            c.addDataSourceProperty("prepStmtCacheSqlLimit", "4096");
            c.addDataSourceProperty("useServerPrepStmts", "true");
            c.addDataSourceProperty("rewriteBatchedStatements", "true");
            c.addDataSourceProperty("cacheServerConfiguration", "true");
            c.addDataSourceProperty("elideSetAutoCommits", "true");
            c.addDataSourceProperty("useLocalSessionState", "true");
            c.addDataSourceProperty("cacheResultSetMetadata", "true");   // the by-key statement's metadata, once
            c.addDataSourceProperty("maintainTimeStats", "false");
            c.addDataSourceProperty("characterEncoding", "UTF-8");
            // Payara ships the OpenTelemetry API, so Connector/J would open a span per statement (~4% of a GET)
            c.addDataSourceProperty("openTelemetry", "DISABLED");
            c.addDataSourceProperty("sessionVariables", "sql_mode='STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'");
        }
        return c;
    }

    public String name() { return spec.name(); }

    /** The connection pool right now: connections in use, idle, threads waiting for one, and the pool's maximum. */
    public record PoolUsage(int active, int idle, int pending, int max) {
    }

    public PoolUsage poolUsage() {
        var bean = pool.getHikariPoolMXBean();   // null until the pool has started
        if (bean == null) return new PoolUsage(0, 0, 0, pool.getMaximumPoolSize());
        return new PoolUsage(bean.getActiveConnections(), bean.getIdleConnections(), bean.getThreadsAwaitingConnection(),
                pool.getMaximumPoolSize());
    }

    public DatabaseSpec spec() { return spec; }

    public QueryCompiler compiler() { return compiler; }

    public Dialect dialect() { return compiler.dialect(); }

    Connection connection() {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw new UnavailableException("database " + spec.name() + " unavailable", e.getMessage(), e);
        }
    }

    ReentrantLock writeLock() { return writeLock; }

    /**
     * Runs {@code work} in one transaction on a connection of this store, as a writer (on SQLite behind the store's
     * write lock, like every {@code /db} write), and commits; any failure rolls everything back. SQL errors reach
     * the caller translated ({@link SqlErrors}); {@link org.pyql.error.PyqlException}s pass unchanged.
     */
    public <T> T inTransaction(SqlWork<T> work) {
        if (writeLock != null) writeLock.lock();
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        } finally {
            if (writeLock != null) writeLock.unlock();
        }
    }

    /**
     * Runs {@code work} inside one read-only transaction that sees a single snapshot of the database for all its
     * statements (MySQL: {@code START TRANSACTION WITH CONSISTENT SNAPSHOT} under REPEATABLE READ; SQLite in WAL mode:
     * a deferred transaction whose first read fixes the snapshot, writers go on). Rolled back at the end.
     */
    public <T> T inReadSnapshot(SqlWork<T> work) {
        try (Connection c = connection()) {
            if (dialect() == org.pyql.query.Dialect.MYSQL) {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
                }
            } else {
                c.setAutoCommit(false);
            }
            try {
                return work.run(c);
            } finally {
                if (dialect() == org.pyql.query.Dialect.MYSQL) {
                    try (java.sql.Statement st = c.createStatement()) {
                        st.execute("ROLLBACK");
                    }
                } else {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    /** Runs {@code work} on a pooled connection in autocommit mode (reads, or one statement that is its own commit). */
    public <T> T withConnection(SqlWork<T> work) {
        try (Connection c = connection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    /**
     * A statement for a read on {@code c}, from the per-connection cache (sqlite-jdbc has none of its own; Connector/J's
     * costs a synchronized LRU lookup and a reset per use, ~5% of a MySQL GET by key). Give it back with
     * {@link #release}.
     */
    PreparedStatement prepareForRead(Connection c, String sql) throws SQLException {
        return statements.prepare(c, sql);
    }

    void release(PreparedStatement ps) {
        // cached: stays open with its connection
    }

    /** The user tables, in the order the database lists them. */
    public List<TableSchema> tables() {
        return new ArrayList<>(tables.values());
    }

    @Override
    public Optional<TableSchema> table(String name) {
        TableSchema t = tables.get(name);
        if (t == null && !SchemaReader.isInternal(name)) {
            long now = System.nanoTime();
            if (now - lastMissRefresh > MISS_REFRESH_INTERVAL_NANOS) {
                lastMissRefresh = now;
                refreshSchema();
                t = tables.get(name);
            }
        }
        return Optional.ofNullable(t);
    }

    /** Whether a name is one of the endpoint's own tables ({@code _pyql*}) or SQLite's, which are never served. */
    public static boolean isInternalTable(String name) {
        return SchemaReader.isInternal(name);
    }

    /** The table or 404. */
    public TableSchema requireTable(String name) {
        return table(name).orElseThrow(() -> new NotFoundException(
                "table " + name + " not found in database " + spec.name(), "known tables: " + tables.keySet()));
    }

    public void refreshSchema() {
        try (Connection c = connection()) {
            tables = java.util.Collections.unmodifiableMap(SchemaReader.read(c, spec.kind()));
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    /** Loads the schema at start; a database that is down is logged and retried on first use. */
    void open() {
        try {
            refreshSchema();
            LOG.info(() -> "database " + spec + " attached with " + tables.size() + " tables");
        } catch (RuntimeException e) {
            LOG.warning(() -> "database " + spec + " not reachable at start (" + e.getMessage() + "); will retry on use");
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
