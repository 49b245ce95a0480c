package org.pyql.endpoint.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import org.pyql.replication.ReplicaClaim;

/** SQL on {@value InternalTables#POSITIONS}: claims and positions, always on a connection the caller manages. */
final class PositionStore {
    private static final String T = InternalTables.POSITIONS;

    private PositionStore() {
    }

    /** Every claimed table with its position and the oldest seq its log holds. */
    static Map<String, TablePosition> loadAll(Connection c) throws SQLException {
        Map<String, Long> firstSeqs = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT table_name, MIN(seq) FROM " + InternalTables.LOG
                + " GROUP BY table_name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) firstSeqs.put(rs.getString(1), rs.getLong(2));
        }
        Map<String, TablePosition> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT table_name, cluster, cluster_name, term, applied_seq FROM " + T);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String table = rs.getString(1);
                out.put(table, new TablePosition(new ReplicaClaim(rs.getString(2), rs.getString(3)), rs.getLong(4),
                        rs.getLong(5), firstSeqs.getOrDefault(table, 0L)));
            }
        }
        return out;
    }

    static void insertClaim(Connection c, String table, ReplicaClaim claim, long term, long appliedSeq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + T
                + " (table_name, cluster, cluster_name, term, applied_seq, claimed_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, table);
            ps.setString(2, claim.cluster());
            ps.setString(3, claim.clusterName());
            ps.setLong(4, term);
            ps.setLong(5, appliedSeq);
            ps.setLong(6, System.currentTimeMillis());
            ps.executeUpdate();
        }
    }

    static void renameCluster(Connection c, String table, String clusterName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + T + " SET cluster_name = ? WHERE table_name = ?")) {
            ps.setString(1, clusterName);
            ps.setString(2, table);
            ps.executeUpdate();
        }
    }

    static void advance(Connection c, String table, long term, long appliedSeq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + T + " SET term = ?, applied_seq = ? WHERE table_name = ?")) {
            ps.setLong(1, term);
            ps.setLong(2, appliedSeq);
            ps.setString(3, table);
            if (ps.executeUpdate() != 1) throw new SQLException("no claim row for table " + table + " in " + T);
        }
    }

    /** Removes the claim and the table's log: a later claim starts a new history at seq 1. */
    static void delete(Connection c, String table) throws SQLException {
        for (String sql : new String[] {"DELETE FROM " + T + " WHERE table_name = ?",
                "DELETE FROM " + InternalTables.LOG + " WHERE table_name = ?"}) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, table);
                ps.executeUpdate();
            }
        }
    }
}
