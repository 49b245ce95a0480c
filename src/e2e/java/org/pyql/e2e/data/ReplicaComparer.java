package org.pyql.e2e.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.pyql.e2e.data.DataCluster.Database;

/**
 * Compares replicas of one table row by row, reading each one directly on its endpoint ({@code GET /db/{db}/table/{t}}
 * with the endpoint's admin credential: reads of a cluster-owned table stay allowed there), so the cluster's routing
 * cannot hide a difference. Rows are keyed by the table's primary key (the whole row when it has none) and compared in
 * a canonical form (object keys sorted), so every row counts and the order the endpoints return them in does not.
 */
public final class ReplicaComparer {
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
    private static final int MAX_REPORTED = 20;

    private ReplicaComparer() {
    }

    /** The rows of one replica: primary key (as JSON text) -> canonical row. */
    public static TreeMap<String, String> rows(Database db, String table) {
        String pk = primaryKey(db, table);
        JsonNode data = db.admin().get(db.tablePath(table)).expect(200).data();
        TreeMap<String, String> rows = new TreeMap<>();
        for (JsonNode row : data) {
            String canonical = canonical(row);
            String key = pk == null ? canonical : row.path(pk).toString();
            if (rows.put(key, canonical) != null && pk != null) {
                throw new AssertionError(db + " " + table + ": two rows with primary key " + key);
            }
        }
        return rows;
    }

    /** The table's primary key column on that replica (null when it has none). */
    static String primaryKey(Database db, String table) {
        JsonNode cfg = db.admin().get(db.tablePath(table) + "/config").expect(200).json().path(table);
        JsonNode pk = cfg.path("primary_key");
        return pk.isTextual() && !pk.asText().isEmpty() ? pk.asText() : null;
    }

    /** Object keys sorted at every level: two equal rows have equal text whatever order the endpoint used. */
    public static String canonical(JsonNode row) {
        try {
            return CANONICAL.writeValueAsString(CANONICAL.convertValue(row, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The result of comparing every replica with the first one. */
    public record Comparison(String table, List<Database> replicas, List<Integer> rowCounts, List<String> differences,
                             TreeMap<String, String> reference) {
        public boolean identical() {
            return differences.isEmpty();
        }

        public String report() {
            StringBuilder sb = new StringBuilder("table " + table + " on " + replicas + " (rows " + rowCounts + "): ");
            if (identical()) return sb.append("identical").toString();
            sb.append(differences.size()).append(" difference(s)");
            for (String d : differences.subList(0, Math.min(MAX_REPORTED, differences.size()))) sb.append("\n  ").append(d);
            if (differences.size() > MAX_REPORTED) sb.append("\n  ...");
            return sb.toString();
        }
    }

    public static Comparison compare(String table, Collection<Database> replicas) {
        List<Database> list = List.copyOf(replicas);
        if (list.isEmpty()) throw new IllegalArgumentException("no replicas to compare for " + table);
        TreeMap<String, String> ref = rows(list.get(0), table);
        List<Integer> counts = new ArrayList<>(List.of(ref.size()));
        List<String> diffs = new ArrayList<>();
        for (Database other : list.subList(1, list.size())) {
            TreeMap<String, String> rows = rows(other, table);
            counts.add(rows.size());
            diffs.addAll(differences(list.get(0).toString(), ref, other.toString(), rows));
        }
        return new Comparison(table, list, List.copyOf(counts), List.copyOf(diffs), ref);
    }

    /** Fails with a row-level report unless every replica holds exactly the rows of the first; returns those rows. */
    public static TreeMap<String, String> assertIdentical(String table, Collection<Database> replicas) {
        Comparison c = compare(table, replicas);
        if (!c.identical()) throw new AssertionError(c.report());
        return c.reference();
    }

    /** Row-level differences between two keyed row sets, labelled {@code a} and {@code b}. */
    public static List<String> differences(String a, Map<String, String> left, String b, Map<String, String> right) {
        List<String> out = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(left.keySet());
        keys.addAll(right.keySet());
        for (String k : keys) {
            String l = left.get(k);
            String r = right.get(k);
            if (l == null) out.add("key " + k + " only on " + b + ": " + r);
            else if (r == null) out.add("key " + k + " only on " + a + ": " + l);
            else if (!l.equals(r)) out.add("key " + k + ": " + a + " has " + l + ", " + b + " has " + r);
        }
        return out;
    }
}
