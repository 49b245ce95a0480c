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
            return result(write, s.size() == 1 ? executeOne(c, s.get(0)) : executeBatched(c, s));
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
        return result(write, apply(store, write.statements()));
    }

    /** Runs the statements in one transaction; consecutive identical SQL goes out as one JDBC batch. */
    private long apply(DataStore store, List<SqlStatement> statements) {
        ReentrantLock lock = store.writeLock();
        if (lock != null) lock.lock();
        try (Connection c = store.connection()) {
            boolean single = statements.size() == 1;
            c.setAutoCommit(single);
            try {
                long rows = single ? executeOne(c, statements.get(0)) : executeBatched(c, statements);
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

    private static long executeBatched(Connection c, List<SqlStatement> statements) throws SQLException {
        long rows = 0;
        int i = 0;
        while (i < statements.size()) {
            String sql = statements.get(i).sql();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int start = i;
                while (i < statements.size() && statements.get(i).sql().equals(sql)) {
                    Binds.apply(ps, statements.get(i).binds());
                    ps.addBatch();
                    i++;
                }
                for (int n : ps.executeBatch()) {
                    rows += n >= 0 ? n : (n == java.sql.Statement.SUCCESS_NO_INFO ? 1 : 0);
                }
                if (i - start == 0) break;
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
