package org.pyql.e2e.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import org.pyql.e2e.data.DataCluster.Database;
import org.pyql.e2e.harness.PyqlClient;
import org.pyql.e2e.harness.PyqlClient.Response;

/**
 * One table of one data cluster as a test drives it: its routes ({@code /cluster/{c}/table/{t}...}) through any
 * cluster node as the owner, the checks every successful write must pass (200, {@code consistency: true}, a
 * {@code seq}, one 200 per in-sync replica, nobody marked out of sync) and the direct replica comparison.
 */
public record ClusterTable(DataCluster dc, String cluster, String table, List<Database> replicas) {

    /** {@code /cluster/{c}/table/{t}} plus {@code suffix} (e.g. {@code "/select"}, {@code "/3"}). */
    public String path(String suffix) {
        return "/cluster/" + cluster + "/table/" + table + suffix;
    }

    public PyqlClient owner(int node) {
        return dc.owner(node);
    }

    /** A write as the owner through node {@code node} that must be acknowledged by every replica; returns it. */
    public WriteAnswer write(int node, String method, String suffix, Object body) {
        return expectAcknowledged(WriteAnswer.of(owner(node).send(method, path(suffix), body)));
    }

    /** Checks a write answer as acknowledged by all {@link #replicas}, none marked out of sync. */
    public WriteAnswer expectAcknowledged(WriteAnswer w) {
        assertEquals(200, w.status(), w.toString());
        assertTrue(w.response().json().path("consistency").asBoolean(false), "consistency true: " + w);
        assertTrue(w.seq() > 0, "a seq: " + w);
        assertEquals(List.of(), w.outOfSync(), "nobody marked out of sync: " + w);
        Set<String> ids = replicas.stream().map(Database::id).collect(Collectors.toSet());
        assertEquals(ids, w.perReplica().keySet(), "one answer per replica: " + w);
        w.perReplica().forEach((id, a) -> assertEquals(200, a.path("status").asInt(), id + " applied it: " + w));
        return w;
    }

    /** {@code GET} through node {@code node} as the owner, 200, the {@code data} array. */
    public ArrayNode read(int node, String suffix) {
        return owner(node).get(path(suffix)).expect(200).data();
    }

    /** {@code POST .../select} through node {@code node}, 200, the {@code data} array. */
    public ArrayNode select(int node, Object body) {
        return owner(node).post(path("/select"), body).expect(200).data();
    }

    public Response get(int node, String suffix) {
        return owner(node).get(path(suffix));
    }

    /** Every replica, read directly, holds the same rows; returns them (primary key -> canonical row). */
    public TreeMap<String, String> assertReplicasIdentical() {
        return ReplicaComparer.assertIdentical(table, replicas);
    }

    /** The rows in canonical form, for comparing a cluster read with a replica. */
    public static TreeMap<String, String> keyed(JsonNode data, String pk) {
        TreeMap<String, String> out = new TreeMap<>();
        for (JsonNode row : data) out.put(row.path(pk).toString(), ReplicaComparer.canonical(row));
        return out;
    }
}
