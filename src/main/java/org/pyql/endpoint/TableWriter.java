package org.pyql.endpoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;

import org.pyql.error.BadRequestException;
import org.pyql.error.NotFoundException;
import org.pyql.query.QueryCompiler;
import org.pyql.query.SqlStatement;
import org.pyql.query.TableSchema;

/**
 * The endpoint's one write path. Every change is validated and rendered first (a bad body changes nothing), then
 * applied in a single local transaction that commits or rolls back as a whole; database errors become their
 * {@link SqlErrors} status. The same {@link #compile} and {@link #execute} serve the sequenced apply of
 * {@code org.pyql.endpoint.replication}, which runs them inside its batch transaction.
 */
@ApplicationScoped
public class TableWriter {
    /** Upper bound for one bulk insert request, so a single body cannot hold a write transaction for minutes. */
    static final int MAX_BULK_ROWS = 100_000;

    /** A row object, or an array of row objects applied in one transaction. */
    public WriteResult insert(DataStore store, String table, JsonNode body) {
        return run(store, compile(store, WriteAction.INSERT, table, null, body));
    }

    public WriteResult update(DataStore store, String table, JsonNode body) {
        return run(store, compile(store, WriteAction.UPDATE, table, null, body));
    }

    public WriteResult delete(DataStore store, String table, JsonNode body) {
        return run(store, compile(store, WriteAction.DELETE, table, null, body));
    }

    /** Updates the row with this key; 404 when there is none. */
    public WriteResult updateByKey(DataStore store, String table, String key, JsonNode set) {
        return run(store, compile(store, WriteAction.UPDATE_KEY, table, key, set));
    }

    /** Deletes the row with this key; 404 when there is none. */
    public WriteResult deleteByKey(DataStore store, String table, String key) {
        return run(store, compile(store, WriteAction.DELETE_KEY, table, key, null));
    }

    /**
     * Validates and renders a write without touching the database: 404 for an unknown table, 400 for a body the
     * table's schema refuses. {@code key} is used by the by-key actions only, {@code body} by all but DELETE_KEY.
     */
    public CompiledWrite compile(DataStore store, WriteAction action, String table, String key, JsonNode body) {
        TableSchema schema = store.requireTable(table);
        QueryCompiler q = store.compiler();
        List<SqlStatement> statements = switch (action) {
            case INSERT -> insertStatements(q, schema, body);
            case UPDATE -> List.of(q.update(schema, store, body));
            case DELETE -> List.of(q.delete(schema, store, body));
            case UPDATE_KEY -> List.of(q.updateByKey(schema, requireKey(key), body));
            case DELETE_KEY -> List.of(q.deleteByKey(schema, requireKey(key)));
        };
        return new CompiledWrite(action, schema, statements, key);
    }

    /**
     * Runs a compiled write on {@code c} inside the caller's transaction (the caller commits or rolls back); the
     * sequenced apply runs each op this way under a savepoint. A by-key write that found no row is a 404; database
     * errors are translated like every other ({@link SqlErrors}).
     */
    public WriteResult execute(Connection c, CompiledWrite write) {
        try {
            List<SqlStatement> s = write.statements();
            return result(write, s.size() == 1 ? executeOne(c, s.get(0))
                    : executeBatched(c, s, write.action() == WriteAction.INSERT));
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    private static List<SqlStatement> insertStatements(QueryCompiler q, TableSchema schema, JsonNode body) {
        if (body != null && body.isArray()) {
            if (body.isEmpty()) throw new BadRequestException("empty insert", "the array holds no rows");
            if (body.size() > MAX_BULK_ROWS) {
                throw new BadRequestException("too many rows", "at most " + MAX_BULK_ROWS + " rows per request");
            }
            List<SqlStatement> statements = new ArrayList<>(body.size());
            int i = 0;
            for (JsonNode row : body) {
                if (!row.isObject()) throw new BadRequestException("row " + i + " is not a JSON object");
                statements.add(q.insert(schema, (ObjectNode) row));
                i++;
            }
            return statements;
        }
        if (body != null && body.isObject()) return List.of(q.insert(schema, (ObjectNode) body));
        throw new BadRequestException("insert body must be a JSON object or an array of objects");
    }

    private static String requireKey(String key) {
        if (key == null) throw new BadRequestException("missing key", "a by-key write names the row's primary key");
        return key;
    }

    private static WriteResult result(CompiledWrite write, long rows) {
        return switch (write.action()) {
            case INSERT -> WriteResult.inserted(rows);
            case UPDATE, DELETE -> WriteResult.changed(rows);
            case UPDATE_KEY, DELETE_KEY -> {
                if (rows == 0) {
                    TableSchema t = write.table();
                    throw new NotFoundException("row not found", t.name() + "." + t.primaryKey() + " = " + write.key());
                }
                yield WriteResult.changed(rows);
            }
        };
    }

    /** A {@code /db} write: its own transaction (one statement: autocommit, several: one commit). */
    private WriteResult run(DataStore store, CompiledWrite write) {
        return result(write, apply(store, write.statements(), write.action() == WriteAction.INSERT));
    }

    /** Runs the statements in one transaction; consecutive identical SQL goes out together (see executeBatched). */
    private long apply(DataStore store, List<SqlStatement> statements, boolean insert) {
        ReentrantLock lock = store.writeLock();
        if (lock != null) lock.lock();
        try (Connection c = store.connection()) {
            boolean single = statements.size() == 1;
            c.setAutoCommit(single);
            try {
                long rows = single ? executeOne(c, statements.get(0)) : executeBatched(c, statements, insert);
                if (!single) c.commit();
                return rows;
            } catch (SQLException | RuntimeException e) {
                if (!single) rollbackQuietly(c, e);
                throw e;
            } finally {
                if (!single) c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        } finally {
            if (lock != null) lock.unlock();
        }
    }

    private static long executeOne(Connection c, SqlStatement s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(s.sql())) {
            Binds.apply(ps, s.binds());
            return ps.executeUpdate();
        }
    }

    /**
     * Runs consecutive statements with identical SQL together: inserts of one column set as multi-row
     * {@code INSERT ... VALUES (?,?),(?,?)...} statements of up to {@link #multiRowCount} rows (one round trip and one
     * statement execution per chunk instead of per row), everything else as one JDBC batch. Connector/J's own
     * rewriting of batched server-side statements re-parses the whole rewritten SQL on every request, which cost more
     * than the inserts themselves; fixed-size chunks keep the SQL text the same, so the statement caches hold it.
     */
    private static long executeBatched(Connection c, List<SqlStatement> statements, boolean insert) throws SQLException {
        long rows = 0;
        int i = 0;
        while (i < statements.size()) {
            String sql = statements.get(i).sql();
            int end = i + 1;
            while (end < statements.size() && statements.get(end).sql().equals(sql)) end++;
            List<SqlStatement> run = statements.subList(i, end);
            int width = run.get(0).binds().size();
            int valuesAt = sql.lastIndexOf(" VALUES (");
            if (insert && run.size() > 1 && width > 0 && valuesAt > 0) {
                rows += insertMultiRow(c, sql.substring(0, valuesAt), width, run);
            } else {
                rows += batch(c, sql, run);
            }
            i = end;
        }
        return rows;
    }

    /** At most this many characters of SQL per multi-row insert: Connector/J caches statements up to 4096. */
    private static final int MULTI_ROW_SQL_LIMIT = 4000;
    /** At most this many bind values per statement (SQLite allows 32766, MySQL 65535). */
    private static final int MULTI_ROW_BIND_LIMIT = 16_000;

    /** Rows per multi-row insert of {@code width} columns. */
    static int multiRowCount(String head, int width) {
        int tuple = 2 * width + 2;   // "(?,?,?)," for width 3
        int bySql = (MULTI_ROW_SQL_LIMIT - head.length() - 8) / tuple;
        return Math.max(1, Math.min(bySql, MULTI_ROW_BIND_LIMIT / width));
    }

    static String multiRowSql(String head, int width, int rows) {
        StringBuilder sb = new StringBuilder(head.length() + 8 + rows * (2 * width + 2)).append(head).append(" VALUES ");
        for (int r = 0; r < rows; r++) {
            if (r > 0) sb.append(',');
            sb.append('(');
            for (int k = 0; k < width; k++) sb.append(k == 0 ? "?" : ",?");
            sb.append(')');
        }
        return sb.toString();
    }

    private static long insertMultiRow(Connection c, String head, int width, List<SqlStatement> run) throws SQLException {
        int chunk = multiRowCount(head, width);
        long rows = 0;
        PreparedStatement full = null;
        try {
            for (int start = 0; start < run.size(); start += chunk) {
                int n = Math.min(chunk, run.size() - start);
                List<SqlStatement> part = run.subList(start, start + n);
                if (n == chunk) {
                    if (full == null) full = c.prepareStatement(multiRowSql(head, width, chunk));
                    rows += executeRows(full, part, width);
                } else {
                    try (PreparedStatement ps = c.prepareStatement(multiRowSql(head, width, n))) {
                        rows += executeRows(ps, part, width);
                    }
                }
            }
        } finally {
            if (full != null) full.close();
        }
        return rows;
    }

    private static long executeRows(PreparedStatement ps, List<SqlStatement> rows, int width) throws SQLException {
        int offset = 0;
        for (SqlStatement s : rows) {
            Binds.apply(ps, s.binds(), offset);
            offset += width;
        }
        return ps.executeUpdate();
    }

    private static long batch(Connection c, String sql, List<SqlStatement> run) throws SQLException {
        long rows = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (SqlStatement s : run) {
                Binds.apply(ps, s.binds());
                ps.addBatch();
            }
            for (int n : ps.executeBatch()) {
                rows += n >= 0 ? n : (n == java.sql.Statement.SUCCESS_NO_INFO ? 1 : 0);
            }
        }
        return rows;
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException r) {
            cause.addSuppressed(r);
        }
    }
}
