package org.pyql.e2e.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pyql.e2e.data.DataCluster.Database;
import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.PyqlClient.Response;

/**
 * {@code Idempotency-Key}: a write retried with the same key, through the same or another cluster node, returns the
 * first outcome (status, seq and per-replica answer) and is applied once: an insert with an assigned key is not
 * inserted again, an explicit-key insert is not turned into a 409, a refused write stays refused, a delete by key
 * stays a 200. Different keys are different writes. (The fault tests retry across killed nodes.)
 */
@ExtendWith(SharedDataCluster.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyIT {
    private DataCluster dc;
    private ClusterTable t;

    @BeforeAll
    void fixture(DataCluster shared) {
        dc = shared;
        String c = DataCluster.uniqueName("idem");
        List<Database> replicas = List.of(dc.db("e1", "idem"), dc.db("e3", "idem"));
        dc.join(c, replicas.toArray(Database[]::new));
        t = new ClusterTable(dc, c, "ev", replicas);
        t.expectAcknowledged(WriteAnswer.of(dc.owner(1).post("/cluster/" + c + "/table/create", Json.parse(
                "{'ev': {'columns': [{'name': 'eid', 'type': 'int', 'mods': 'NOT NULL AUTOINCREMENT'}, {'name': 'tag', 'type': 'str',"
                        + " 'mods': ''}], 'primary_key': 'eid', 'foreign_keys': null}}"))));
    }

    private Response send(int node, String key, String method, String suffix, Object body) {
        var client = t.owner(node);
        if (key != null) client = client.withHeader("Idempotency-Key", key);
        return client.send(method, t.path(suffix), body);
    }

    /** Rows with {@code tag} on every replica (read directly), which must agree. */
    private int count(String tag) {
        Integer n = null;
        for (Database d : t.replicas()) {
            int here = d.admin().post(d.tablePath("ev") + "/select", Json.parse("{'select': ['*'], 'where': {'tag': '" + tag + "'}}"))
                    .expect(200).data().size();
            if (n != null) assertEquals(n, here, "replicas agree on rows tagged " + tag);
            n = here;
        }
        return n;
    }

    private static void sameOutcome(Response first, Response retry) {
        assertEquals(first.status(), retry.status(), "retry: " + retry.describe() + " first: " + first.describe());
        JsonNode a = first.json().deepCopy();
        JsonNode b = retry.json().deepCopy();
        assertEquals(a.path("seq"), b.path("seq"), "same seq: " + retry.describe());
        assertEquals(a.path("message"), b.path("message"), "same per-replica answer: " + retry.describe());
    }

    @Test
    void aRetriedInsertReturnsTheFirstOutcomeThroughEveryNodeAndAppliesOnce() {
        String key = "k-" + UUID.randomUUID();
        Response first = send(1, key, "POST", "/insert", Json.parse("{'tag': 'once'}"));
        t.expectAcknowledged(WriteAnswer.of(first));
        for (int node : new int[] {1, 2, 3, 2}) sameOutcome(first, send(node, key, "POST", "/insert", Json.parse("{'tag': 'once'}")));
        assertEquals(1, count("once"));
        Response other = send(2, "k-" + UUID.randomUUID(), "POST", "/insert", Json.parse("{'tag': 'once'}"));
        t.expectAcknowledged(WriteAnswer.of(other));
        assertNotEquals(first.json().path("seq"), other.json().path("seq"), "another key is another write");
        assertEquals(2, count("once"));
        t.assertReplicasIdentical();
    }

    @Test
    void aRetryKeepsTheFirstOutcomeWhateverHappenedSince() {
        String key = "k-" + UUID.randomUUID();
        Response first = send(2, key, "POST", "", Json.parse("{'eid': 900001, 'tag': 'explicit'}"));
        t.expectAcknowledged(WriteAnswer.of(first));
        sameOutcome(first, send(3, key, "POST", "", Json.parse("{'eid': 900001, 'tag': 'explicit'}")));
        send(1, null, "POST", "", Json.parse("{'eid': 900001, 'tag': 'explicit'}")).expect(409);
        assertEquals(1, count("explicit"));

        String refusedKey = "k-" + UUID.randomUUID();
        Response refused = send(1, refusedKey, "POST", "/insert", Json.parse("{'eid': 900001, 'tag': 'refused'}"));
        assertEquals(409, refused.status(), refused.describe());
        sameOutcome(refused, send(3, refusedKey, "POST", "/insert", Json.parse("{'eid': 900001, 'tag': 'refused'}")));
        assertEquals(0, count("refused"));

        String delKey = "k-" + UUID.randomUUID();
        Response deleted = send(3, delKey, "DELETE", "/900001", null);
        t.expectAcknowledged(WriteAnswer.of(deleted));
        sameOutcome(deleted, send(1, delKey, "DELETE", "/900001", null));
        send(2, null, "DELETE", "/900001", null).expect(404);
        assertEquals(0, count("explicit"));
        t.assertReplicasIdentical();
    }
}
