package org.pyql.e2e.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.PyqlClient;
import org.pyql.e2e.harness.PyqlClient.Response;

/**
 * The endpoint side of sequenced replication, over HTTP against the shared endpoint: claims, the in-order exactly-once
 * apply (redelivery, gaps, stale terms, deterministic failures), {@code /db} writes refused on a claimed table, strong
 * reads, the internal tables staying invisible, the log, and readiness. Every test uses its own table and cluster id.
 */
abstract class ReplicationCases extends EndpointTestBase {

    // ------------------------------------------------------------------ helpers

    /** id int PK, v str, n int: created through /db. */
    private String kvTable() {
        String t = uniqueTable("rep");
        createTables(kvConfig(t));
        return t;
    }

    private static String kvConfig(String t) {
        return "{'" + t + "': {'columns': [{'name': 'id', 'type': 'int', 'mods': 'NOT NULL'},"
                + " {'name': 'v', 'type': 'str', 'mods': ''}, {'name': 'n', 'type': 'int', 'mods': ''}],"
                + " 'primary_key': 'id', 'foreign_keys': null}}";
    }

    private String replPath(String rest) {
        return dbPath("replication" + rest);
    }

    private Response claim(String t, String cluster, String name) {
        return admin.put(replPath("/" + t), Json.parse("{'cluster': '" + cluster + "', 'cluster_name': '" + name + "'}"));
    }

    private Response position(String t) {
        return admin.get(replPath("/" + t + "/position")).expect(200);
    }

    private Response apply(String t, ObjectNode batch) {
        return admin.post(replPath("/" + t + "/apply"), batch);
    }

    private static ObjectNode op(long seq, String action, String key, String body) {
        ObjectNode o = Json.object().put("seq", seq).put("action", action);
        if (key != null) o.put("key", key);
        if (body != null) o.set("body", Json.parse(body));
        return o;
    }

    private static ObjectNode batch(String cluster, String t, long term, long from, ObjectNode... ops) {
        ObjectNode b = Json.object().put("cluster", cluster).put("table", t).put("term", term).put("from_seq", from);
        ArrayNode list = b.putArray("ops");
        for (ObjectNode o : ops) list.add(o);
        return b;
    }

    private static String cluster(String t) {
        return "cluster-of-" + t;
    }

    private static List<Integer> statuses(Response r) {
        List<Integer> out = new ArrayList<>();
        r.json().get("outcomes").forEach(o -> out.add(o.get("status").asInt()));
        return out;
    }

    /** A claimed kv table holding rows 1 'a' and 2 'b' at seqs 1 and 2, term 1. */
    private String claimedWithTwoRows() {
        String t = kvTable();
        claim(t, cluster(t), "demo").expect(200);
        apply(t, batch(cluster(t), t, 1, 1, op(1, "insert", null, "{'id': 1, 'v': 'a'}"),
                op(2, "insert", null, "{'id': 2, 'v': 'b'}"))).expect(200);
        return t;
    }

    // ------------------------------------------------------------------ claims

    @Test
    void claimIsIdempotentExclusiveListedAndReleasable() {
        String t = kvTable();
        Response first = claim(t, "c-one", "one").expect(200);
        assertEquals(Json.parse("{'table': '" + t + "', 'cluster': 'c-one', 'term': 0, 'applied_seq': 0, 'log_first_seq': 0}"),
                first.json());
        assertEquals(first.json(), claim(t, "c-one", "one").expect(200).json(), "the same claim again changes nothing");
        Response other = claim(t, "c-two", "two").expect(409);
        assertEquals("table " + t + " belongs to data cluster one", other.error());

        JsonNode overview = admin.get(replPath("")).expect(200).json();
        assertEquals(db, overview.path("database").path("name").asText());
        assertFalse(overview.path("database").path("uuid").asText().isBlank(), overview.toString());
        List<String> claimed = new ArrayList<>();
        overview.get("tables").forEach(p -> claimed.add(p.get("table").asText()));
        assertTrue(claimed.contains(t), overview.toString());

        admin.delete(replPath("/" + t)).expect(200);
        assertEquals("table " + t + " is not claimed by a data cluster", admin.delete(replPath("/" + t)).expect(404).error());
        assertTrue(position(t).json().get("cluster").isNull(), "released: no owner");
        insert(t, "{'id': 7, 'v': 'free again'}").expect(200);
        claim(t, "c-two", "two").expect(200);
    }

    @Test
    void claimOfAMissingTableOrWithoutClusterIsRefused() {
        assertEquals("table nosuch_rep not found in database " + db, claim("nosuch_rep", "c", "n").expect(404).error());
        String t = kvTable();
        admin.put(replPath("/" + t), Json.parse("{'cluster': 'x'}")).expect(400);
        admin.put(replPath("/" + t), "not json").expect(400);
        assertTrue(position(t).json().get("cluster").isNull(), "a refused claim claims nothing");
    }

    @Test
    void theDatabaseUuidStaysTheSame() {
        String uuid = admin.get(replPath("")).expect(200).json().path("database").path("uuid").asText();
        assertEquals(uuid, admin.get(replPath("")).expect(200).json().path("database").path("uuid").asText());
    }

    // ------------------------------------------------------------------ apply

    @Test
    void opsApplyInOrderAndTheirOutcomesAreWhatDbAnswers() {
        String t = kvTable();
        claim(t, cluster(t), "demo").expect(200);
        Response r = apply(t, batch(cluster(t), t, 1, 1,
                op(1, "insert", null, "[{'id': 1, 'v': 'a', 'n': 1}, {'id': 2, 'v': 'b', 'n': 2}]"),
                op(2, "update", null, "{'set': {'v': 'big'}, 'where': [['n', '>', 1]]}"),
                op(3, "update_key", "1", "{'n': 10}"),
                op(4, "insert", null, "{'id': 3, 'v': 'c'}"),
                op(5, "delete", null, "{'where': {'id': 3}}"),
                op(6, "delete_key", "2", null))).expect(200);
        assertEquals(1, r.json().get("term").asLong());
        assertEquals(6, r.json().get("applied_seq").asLong());
        JsonNode outcomes = r.json().get("outcomes");
        assertEquals(Json.parse("{'seq': 1, 'status': 200, 'content': {'message': 'items added', 'rows': 2}}"), outcomes.get(0));
        assertEquals(Json.parse("{'seq': 2, 'status': 200, 'content': {'message': 'OK', 'rows': 1}}"), outcomes.get(1));
        assertEquals(Json.parse("{'seq': 6, 'status': 200, 'content': {'message': 'OK', 'rows': 1}}"), outcomes.get(5));
        assertEquals(Json.parse("[{'id': 1, 'v': 'a', 'n': 10}]"), allRows(t));
        assertEquals(Json.parse("{'table': '" + t + "', 'cluster': '" + cluster(t)
                + "', 'term': 1, 'applied_seq': 6, 'log_first_seq': 1}"), position(t).json());
    }

    @Test
    void redeliveryReturnsTheStoredOutcomesAndAppliesOnce() {
        String t = claimedWithTwoRows();
        ObjectNode b = batch(cluster(t), t, 1, 3, op(3, "update_key", "1", "{'n': 1}"),
                op(4, "insert", null, "{'id': 1, 'v': 'dup'}"), op(5, "insert", null, "{'id': 5, 'v': 'e'}"));
        JsonNode first = apply(t, b).expect(200).json();
        JsonNode rowsAfterFirst = allRows(t);
        JsonNode again = apply(t, b).expect(200).json();
        assertEquals(first, again, "the same batch again answers the same outcomes");
        assertEquals(rowsAfterFirst, allRows(t), "and changes nothing");
        // an overlapping batch: 4 and 5 are redelivered, 6 is new
        Response overlap = apply(t, batch(cluster(t), t, 1, 4, op(4, "insert", null, "{'id': 1, 'v': 'dup'}"),
                op(5, "insert", null, "{'id': 5, 'v': 'e'}"), op(6, "insert", null, "{'id': 6, 'v': 'f'}"))).expect(200);
        assertEquals(List.of(409, 200, 200), statuses(overlap));
        assertEquals(first.get("outcomes").get(1), overlap.json().get("outcomes").get(0));
        assertEquals(6, overlap.json().get("applied_seq").asLong());
        assertEquals(List.of(1L, 2L, 5L, 6L), longs(allRows(t), "id"));
    }

    @Test
    void aDeterministicFailureIsThatOpsOutcomeAndTheBatchGoesOn() {
        String t = claimedWithTwoRows();
        admin.delete(replPath("/" + t)).expect(200);   // what /db answers for the same duplicate, on an unclaimed table
        Response direct = insert(t, "{'id': 1, 'v': 'dup'}").expect(409);
        claim(t, cluster(t), "demo").expect(200);
        Response r = apply(t, batch(cluster(t), t, 1, 1, op(1, "insert", null, "{'id': 1, 'v': 'dup'}"),
                op(2, "update_key", "99", "{'v': 'x'}"), op(3, "insert", null, "{'id': 3, 'nope': 1}"),
                op(4, "insert", null, "{'id': 4, 'v': 'd'}"))).expect(200);
        assertEquals(List.of(409, 404, 400, 200), statuses(r));
        JsonNode dup = r.json().get("outcomes").get(0).get("content");
        assertEquals(direct.json(), dup, "the content is the /db error body");
        assertEquals(List.of(1L, 2L, 4L), longs(allRows(t), "id"), "only the op that failed was rolled back");
        JsonNode log = admin.get(replPath("/" + t + "/log?from=1")).expect(200).json();
        assertEquals(4, log.get("entries").size());
        assertEquals(409, log.get("entries").get(0).get("status").asInt());
        assertEquals(dup, log.get("entries").get(0).get("content"), "the log holds the same outcome");
    }

    @Test
    void aSeqAppliedHereWithAnotherOpIsASequenceConflictAndChangesNothing() {
        String t = claimedWithTwoRows();
        JsonNode before = position(t).json();
        // a leader that never got this replica's answer for seq 2 reuses it for another op
        Response r = expectErrorUnchanged(409, () -> apply(t, batch(cluster(t), t, 2, 2,
                op(2, "insert", null, "{'id': 2, 'v': 'another'}"), op(3, "insert", null, "{'id': 3}"))), t);
        assertEquals("sequence conflict", r.error());
        assertEquals(before, r.json().get("position"));
        assertEquals(before, position(t).json(), "neither the term nor the seq moved");
        // the op it did apply is still a plain redelivery
        assertEquals(List.of(200), statuses(apply(t, batch(cluster(t), t, 1, 2,
                op(2, "insert", null, "{'id': 2, 'v': 'b'}"))).expect(200)));
    }

    @Test
    void aGapIsRefusedAndChangesNothing() {
        String t = claimedWithTwoRows();
        JsonNode before = position(t).json();
        Response r = expectErrorUnchanged(409, () -> apply(t, batch(cluster(t), t, 1, 4,
                op(4, "insert", null, "{'id': 4, 'v': 'd'}"))), t);
        assertEquals("sequence gap", r.error());
        assertEquals(before, r.json().get("position"));
        assertEquals(before, position(t).json());
    }

    @Test
    void aStaleTermIsRefusedAndChangesNothing() {
        String t = claimedWithTwoRows();
        Response newer = apply(t, batch(cluster(t), t, 3, 3, op(3, "insert", null, "{'id': 3, 'v': 'c'}"))).expect(200);
        assertEquals(3, newer.json().get("term").asLong());
        JsonNode before = position(t).json();
        Response r = expectErrorUnchanged(409, () -> apply(t, batch(cluster(t), t, 2, 4,
                op(4, "insert", null, "{'id': 4, 'v': 'd'}"))), t);
        assertEquals("stale term", r.error());
        assertEquals(before, r.json().get("position"));
        assertEquals(before, position(t).json());
        // a redelivery under a higher term only raises the term
        Response raised = apply(t, batch(cluster(t), t, 4, 3, op(3, "insert", null, "{'id': 3, 'v': 'c'}"))).expect(200);
        assertEquals(4, raised.json().get("term").asLong());
        assertEquals(3, raised.json().get("applied_seq").asLong());
        assertEquals(3, allRows(t).size());
    }

    @Test
    void anEmptyBatchFencesTheTableWithItsTerm() {
        String t = claimedWithTwoRows();
        JsonNode fenced = apply(t, batch(cluster(t), t, 5, 3)).expect(200).json();
        assertEquals(Json.parse("{'term': 5, 'applied_seq': 2, 'outcomes': []}"), fenced);
        assertEquals(5, position(t).json().get("term").asLong(), "the term is stored");
        assertEquals("stale term", expectErrorUnchanged(409, () -> apply(t, batch(cluster(t), t, 4, 3,
                op(3, "insert", null, "{'id': 3}"))), t).error(), "the old leader is fenced off");
        String unclaimed = uniqueTable("rep_fence");
        assertEquals(0, apply(unclaimed, batch("c", unclaimed, 1, 1)).expect(200).json().get("applied_seq").asLong(),
                "a fence before the table exists here answers the position");
    }

    @Test
    void anotherClustersBatchAndMalformedBatchesAreRefused() {
        String t = claimedWithTwoRows();
        assertEquals("table " + t + " belongs to data cluster demo", expectErrorUnchanged(409, () -> apply(t,
                batch("someone-else", t, 9, 3, op(3, "insert", null, "{'id': 3}"))), t).error());
        expectErrorUnchanged(400, () -> apply(t, batch(cluster(t), t, 1, 3, op(4, "insert", null, "{'id': 3}"))), t);
        expectErrorUnchanged(400, () -> apply(t, batch(cluster(t), t, 1, 3, op(3, "upsert", null, "{'id': 3}"))), t);
        expectErrorUnchanged(400, () -> apply(t, batch(cluster(t), t, 1, 3, op(3, "delete_key", null, null))), t);
        expectErrorUnchanged(400, () -> apply(t, batch(cluster(t), "other_table", 1, 3, op(3, "insert", null, "{'id': 3}"))), t);
        expectErrorUnchanged(400, () -> apply(t, batch(cluster(t), t, 0, 3, op(3, "insert", null, "{'id': 3}"))), t);
        expectErrorUnchanged(400, () -> apply(t, Json.object("{'cluster': 'x', 'term': 'one'}")), t);
        assertEquals(2, position(t).json().get("applied_seq").asLong());
    }

    @Test
    void aBatchOnAnUnclaimedTableClaimsItAndAMissingTableNeedsACreate() {
        String t = kvTable();
        apply(t, batch("implicit-" + t, t, 1, 1, op(1, "insert", null, "{'id': 1, 'v': 'a'}"))).expect(200);
        assertEquals("implicit-" + t, position(t).json().get("cluster").asText());
        insert(t, "{'id': 2}").expect(409);
        String missing = uniqueTable("rep_missing");
        expectErrorUnchanged(404, () -> apply(missing, batch("c", missing, 1, 1,
                op(1, "insert", null, "{'id': 1}"))), t);
        assertTrue(position(missing).json().get("cluster").isNull());
    }

    @Test
    void createTravelsInTheSequenceAndIsIdempotent() {
        String t = uniqueTable("rep_create");
        String config = kvConfig(t);
        Response r = apply(t, batch(cluster(t), t, 1, 1, op(1, "create", null, config),
                op(2, "insert", null, "{'id': 1, 'v': 'a'}"),
                op(3, "create", null, config),
                op(4, "insert", null, "{'id': 2, 'v': 'b'}"))).expect(200);
        assertEquals(List.of(200, 200, 200, 200), statuses(r));
        assertEquals(Json.parse("{'message': 'table " + t + " created successfully', 'tables': ['" + t + "']}"),
                r.json().get("outcomes").get(0).get("content"));
        assertEquals(cluster(t), position(t).json().get("cluster").asText(), "the create claimed the table");
        assertEquals(List.of(1L, 2L), longs(allRows(t), "id"));
        assertTrue(listedTables().contains(t));
        Response different = apply(t, batch(cluster(t), t, 1, 5, op(5, "create", null, "{'" + t
                + "': {'columns': [{'name': 'id', 'type': 'str', 'mods': ''}], 'primary_key': 'id', 'foreign_keys': null}}")))
                .expect(200);
        assertEquals(List.of(409), statuses(different));
        assertEquals("table " + t + " exists with a different definition",
                different.json().get("outcomes").get(0).get("content").get("error").asText());
        Response wrongTable = apply(t, batch(cluster(t), t, 1, 6, op(6, "create", null, kvConfig(t + "_x")))).expect(200);
        assertEquals(List.of(400), statuses(wrongTable));
        assertFalse(listedTables().contains(t + "_x"));
        assertEquals(6, position(t).json().get("applied_seq").asLong());
        admin.post(dbPath("table/" + t + "/create"), Json.parse(config)).expect(409);
    }

    // ------------------------------------------------------------------ /db on a claimed table

    @Test
    void dbWritesOnAClaimedTableAreRefusedNamingTheClusterAndReadsStayAllowed() {
        String t = claimedWithTwoRows();
        String error = "table " + t + " belongs to data cluster demo";
        String detail = "write through /cluster/demo/table/" + t;
        List<Response> refused = new ArrayList<>();
        refused.add(expectErrorUnchanged(409, () -> insert(t, "{'id': 3}"), t));
        refused.add(expectErrorUnchanged(409, () -> admin.put(tablePath(t, ""), Json.parse("{'id': 3}")), t));
        refused.add(expectErrorUnchanged(409, () -> admin.post(tablePath(t, ""), Json.parse("{'id': 3}")), t));
        refused.add(expectErrorUnchanged(409, () -> update(t, "{'set': {'v': 'x'}, 'where': {'id': 1}}"), t));
        refused.add(expectErrorUnchanged(409, () -> deleteWhere(t, "{'where': {'id': 1}}"), t));
        refused.add(expectErrorUnchanged(409, () -> admin.post(tablePath(t, "/1"), Json.parse("{'v': 'x'}")), t));
        refused.add(expectErrorUnchanged(409, () -> admin.delete(tablePath(t, "/1")), t));
        refused.add(expectErrorUnchanged(409, () -> admin.post(dbPath("table/" + t + "/create"), Json.parse(kvConfig(t))), t));
        refused.add(expectErrorUnchanged(409, () -> admin.post(dbPath("table/create"), Json.parse(kvConfig(t))), t));
        for (Response r : refused) {
            assertEquals(error, r.error(), r.describe());
            assertEquals(detail, r.json().get("detail").asText(), r.describe());
        }
        assertEquals(2, allRows(t).size());
        assertEquals(1, selectOk(t, "{'select': ['*'], 'where': {'id': 2}}").size());
        admin.get(tablePath(t, "/1")).expect(200);
        admin.get(tablePath(t, "/config")).expect(200);
    }

    @Test
    void strongReadsAnswerOnlyFromAReplicaThatAppliedTheSeq() {
        String t = claimedWithTwoRows();
        PyqlClient atTwo = admin.withHeader("X-Pyql-Min-Seq", "2");
        PyqlClient atThree = admin.withHeader("X-Pyql-Min-Seq", "3");
        assertEquals(2, atTwo.get(tablePath(t, "")).expect(200).data().size());
        atTwo.get(tablePath(t, "/1")).expect(200);
        atTwo.post(tablePath(t, "/select"), Json.parse("{'select': ['id']}")).expect(200);
        for (Response r : List.of(atThree.get(tablePath(t, "")), atThree.get(tablePath(t, "/select")),
                atThree.get(tablePath(t, "/1")), atThree.post(tablePath(t, "/select"), Json.parse("{'select': ['id']}")))) {
            r.expect(409);
            assertEquals("replica behind", r.error());
            assertEquals(2, r.json().path("position").path("applied_seq").asLong(), r.describe());
        }
        apply(t, batch(cluster(t), t, 1, 3, op(3, "insert", null, "{'id': 3}"))).expect(200);
        assertEquals(3, atThree.get(tablePath(t, "")).expect(200).data().size(), "caught up: served");
        admin.withHeader("X-Pyql-Min-Seq", "soon").get(tablePath(t, "")).expect(400);
        admin.withHeader("X-Pyql-Min-Seq", "1").get(tablePath("nosuch_rep_t", "")).expect(404);
    }

    // ------------------------------------------------------------------ internal tables, log, readiness

    @Test
    void internalTablesExistButAreNeverServed() {
        claimedWithTwoRows();
        for (String internal : List.of("_pyql_meta", "_pyql_replication", "_pyql_replication_log")) {
            assertTrue(tableExistsInDatabase(internal), internal + " exists in the database");
            assertFalse(listedTables().contains(internal), internal + " is not listed");
            admin.get(tablePath(internal, "")).expect(404);
            admin.get(tablePath(internal, "/config")).expect(404);
            insert(internal, "{'name': 'x', 'value': 'y'}").expect(404);
            admin.get(replPath("/" + internal + "/position")).expect(404);
        }
        admin.post(dbPath("table/create"), Json.parse("{'_pyql_meta': {'columns': [{'name': 'id', 'type': 'int',"
                + " 'mods': ''}], 'primary_key': 'id', 'foreign_keys': null}}")).expect(400);
    }

    @Test
    void theLogPagesFromASeq() {
        String t = claimedWithTwoRows();
        apply(t, batch(cluster(t), t, 2, 3, op(3, "update_key", "1", "{'v': 'z'}"), op(4, "delete_key", "2", null),
                op(5, "insert", null, "{'id': 5}"))).expect(200);
        JsonNode page = admin.get(replPath("/" + t + "/log?from=2&limit=2")).expect(200).json();
        assertEquals(1, page.get("first_seq").asLong());
        assertEquals(2, page.get("entries").size());
        assertEquals(Json.parse("{'term': 1, 'op': {'seq': 2, 'action': 'insert', 'body': {'id': 2, 'v': 'b'}},"
                + " 'status': 200, 'content': {'message': 'items added', 'rows': 1}}"), page.get("entries").get(0));
        assertEquals(Json.parse("{'term': 2, 'op': {'seq': 3, 'action': 'update_key', 'key': '1', 'body': {'v': 'z'}},"
                + " 'status': 200, 'content': {'message': 'OK', 'rows': 1}}"), page.get("entries").get(1));
        JsonNode rest = admin.get(replPath("/" + t + "/log?from=4")).expect(200).json();
        assertEquals(List.of(4L, 5L), List.of(rest.get("entries").get(0).get("op").get("seq").asLong(),
                rest.get("entries").get(1).get("op").get("seq").asLong()));
        assertFalse(rest.get("entries").get(0).get("op").has("body"), "delete_key has no body");
        assertEquals(0, admin.get(replPath("/" + t + "/log?from=6")).expect(200).json().get("entries").size());
        admin.get(replPath("/" + t + "/log?limit=10001")).expect(400);
        admin.get(replPath("/" + t + "/log?from=0")).expect(400);
        admin.get(replPath("/" + t + "/log?from=two")).expect(400);
    }

    @Test
    void replicationRoutesNeedCredentials() {
        String t = kvTable();
        PyqlClient anonymous = admin.anonymous();
        anonymous.get(replPath("")).expect(401);
        anonymous.put(replPath("/" + t), Json.parse("{'cluster': 'c', 'cluster_name': 'n'}")).expect(401);
        anonymous.post(replPath("/" + t + "/apply"), batch("c", t, 1, 1, op(1, "insert", null, "{'id': 1}"))).expect(401);
        String service = admin.get("/auth/token/local").expect(200).text("PYQL_LOCAL_SERVICE_TOKEN");
        PyqlClient node = admin.anonymous().withToken(service);
        node.put(replPath("/" + t), Json.parse("{'cluster': 'svc', 'cluster_name': 'svc'}")).expect(200);
        node.post(replPath("/" + t + "/apply"), batch("svc", t, 1, 1, op(1, "insert", null, "{'id': 1}"))).expect(200);
        assertEquals(1, node.get(replPath("/" + t + "/position")).expect(200).json().get("applied_seq").asLong());
    }

    @Test
    void readinessAnswersForEveryDatabaseWithoutCredentials() {
        for (String path : List.of("/pyql/ready", "/cluster/pyql/ready")) {
            JsonNode doc = admin.anonymous().get(path).expect(200).json();
            assertTrue(doc.get("ready").asBoolean(), doc.toString());
            assertTrue(doc.path("databases").path(db).path("ready").asBoolean(), doc.toString());
        }
    }
}
