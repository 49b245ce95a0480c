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
 * {@link SqlErrors} status. Sequenced replication (term, seq, replication log) hooks in here.
 */
@ApplicationScoped
public class TableWriter {
    /** Upper bound for one bulk insert request, so a single body cannot hold a write transaction for minutes. */
    static final int MAX_BULK_ROWS = 100_000;

    /** A row object, or an array of row objects applied in one transaction. */
    public WriteResult insert(DataStore store, String table, JsonNode body) {
        TableSchema schema = store.requireTable(table);
        QueryCompiler q = store.compiler();
        List<SqlStatement> statements;
        if (body != null && body.isArray()) {
            if (body.isEmpty()) throw new BadRequestException("empty insert", "the array holds no rows");
            if (body.size() > MAX_BULK_ROWS) {
                throw new BadRequestException("too many rows", "at most " + MAX_BULK_ROWS + " rows per request");
            }
            statements = new ArrayList<>(body.size());
            int i = 0;
            for (JsonNode row : body) {
                if (!row.isObject()) throw new BadRequestException("row " + i + " is not a JSON object");
                statements.add(q.insert(schema, (ObjectNode) row));
                i++;
            }
        } else if (body != null && body.isObject()) {
            statements = List.of(q.insert(schema, (ObjectNode) body));
        } else {
            throw new BadRequestException("insert body must be a JSON object or an array of objects");
        }
        return WriteResult.inserted(apply(store, statements));
    }

    public WriteResult update(DataStore store, String table, JsonNode body) {
        TableSchema schema = store.requireTable(table);
        return WriteResult.changed(apply(store, List.of(store.compiler().update(schema, store, body))));
    }

    public WriteResult delete(DataStore store, String table, JsonNode body) {
        TableSchema schema = store.requireTable(table);
        return WriteResult.changed(apply(store, List.of(store.compiler().delete(schema, store, body))));
    }

    /** Updates the row with this key; 404 when there is none. */
    public WriteResult updateByKey(DataStore store, String table, String key, JsonNode set) {
        TableSchema schema = store.requireTable(table);
        return requireRow(schema, key, apply(store, List.of(store.compiler().updateByKey(schema, key, set))));
    }

    /** Deletes the row with this key; 404 when there is none. */
    public WriteResult deleteByKey(DataStore store, String table, String key) {
        TableSchema schema = store.requireTable(table);
        return requireRow(schema, key, apply(store, List.of(store.compiler().deleteByKey(schema, key))));
    }

    private static WriteResult requireRow(TableSchema schema, String key, long rows) {
        if (rows == 0) throw new NotFoundException("row not found", schema.name() + "." + schema.primaryKey() + " = " + key);
        return WriteResult.changed(rows);
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
