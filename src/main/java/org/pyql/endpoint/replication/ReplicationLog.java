package org.pyql.endpoint.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.pyql.replication.LogEntry;
import org.pyql.replication.OpOutcome;
import org.pyql.replication.ReplicatedOp;

/**
 * SQL on {@value InternalTables#LOG}: appending applied ops with their outcomes (in the apply transaction), reading
 * them back (stored outcomes for redelivered ops, pages for catch-up) and pruning by seq and by age.
 */
final class ReplicationLog {
    private static final String T = InternalTables.LOG;

    /** One op as applied here: what the log stores. */
    record Row(ReplicatedOp op, long term, OpOutcome outcome, long appliedAtMillis) {
    }

    private ReplicationLog() {
    }

    static void append(Connection c, String table, List<Row> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + T + " (table_name, seq, term, action, op_key, body,"
                + " status, content, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Row r : rows) {
                ps.setString(1, table);
                ps.setLong(2, r.op().seq());
                ps.setLong(3, r.term());
                ps.setString(4, r.op().action());
                setText(ps, 5, r.op().key());
                setText(ps, 6, OutcomeJson.text(r.op().body()));
                ps.setInt(7, r.outcome().status());
                setText(ps, 8, OutcomeJson.text(r.outcome().content()));
                ps.setLong(9, r.appliedAtMillis());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** A logged op as stored (its body as the JSON text it was logged with) and its outcome. */
    record Stored(String action, String key, String bodyText, OpOutcome outcome) {
        /** Whether {@code op} is the op this seq was applied with (a redelivery, not another op under a reused seq). */
        boolean isSameOp(ReplicatedOp op) {
            return action.equals(op.action()) && java.util.Objects.equals(key, op.key())
                    && java.util.Objects.equals(bodyText, OutcomeJson.text(op.body()));
        }
    }

    /** The stored ops and outcomes of seqs {@code from..to} (those the log still has). */
    static Map<Long, Stored> stored(Connection c, String table, long from, long to) throws SQLException {
        Map<Long, Stored> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, status, content, action, op_key, body FROM " + T
                + " WHERE table_name = ? AND seq >= ? AND seq <= ?")) {
            ps.setString(1, table);
            ps.setLong(2, from);
            ps.setLong(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OpOutcome o = new OpOutcome(rs.getLong(1), rs.getInt(2), OutcomeJson.parse(rs.getString(3)));
                    out.put(rs.getLong(1), new Stored(rs.getString(4), rs.getString(5), rs.getString(6), o));
                }
            }
        }
        return out;
    }

    /** Up to {@code limit} entries from seq {@code from} on, in seq order. */
    static List<LogEntry> page(Connection c, String table, long from, int limit) throws SQLException {
        List<LogEntry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, term, action, op_key, body, status, content FROM " + T
                + " WHERE table_name = ? AND seq >= ? ORDER BY seq LIMIT ?")) {
            ps.setString(1, table);
            ps.setLong(2, from);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ReplicatedOp op = new ReplicatedOp(rs.getLong(1), rs.getString(3), rs.getString(4),
                            OutcomeJson.parse(rs.getString(5)));
                    out.add(new LogEntry(rs.getLong(2), op, rs.getInt(6), OutcomeJson.parse(rs.getString(7))));
                }
            }
        }
        return out;
    }

    /** The oldest seq the log holds for the table, 0 when none. */
    static long firstSeq(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(seq) FROM " + T + " WHERE table_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;   // MIN of nothing is NULL: getLong gives 0
            }
        }
    }

    /** Deletes entries with {@code seq <= upTo}; returns how many. */
    static int pruneUpTo(Connection c, String table, long upTo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + T + " WHERE table_name = ? AND seq <= ?")) {
            ps.setString(1, table);
            ps.setLong(2, upTo);
            return ps.executeUpdate();
        }
    }

    /** Deletes entries applied before {@code millis}; returns how many. */
    static int pruneAppliedBefore(Connection c, String table, long millis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + T + " WHERE table_name = ? AND applied_at < ?")) {
            ps.setString(1, table);
            ps.setLong(2, millis);
            return ps.executeUpdate();
        }
    }

    private static void setText(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) ps.setNull(i, Types.VARCHAR);
        else ps.setString(i, v);
    }
}
