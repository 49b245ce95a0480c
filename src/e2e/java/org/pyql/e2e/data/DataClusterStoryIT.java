package org.pyql.e2e.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pyql.e2e.data.DataCluster.Database;
import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.Poll;
import org.pyql.e2e.harness.PyqlClient.Response;

/**
 * The seed README's data-cluster story end to end, on real nodes: a user and a join token exist (fixture); a seed
 * endpoint joins with a loaded table ({@code stocks}, the README's rows); replicas join and get the table with its
 * rows; CRUD and selects through every cluster node (each answer checked, the rows compared with every replica read
 * directly); tables created through the cluster (the README's departments/positions/employees) and joined selects;
 * the config and tables routes; errors (404, 400, 409 the same on every replica, nothing marked out of sync);
 * {@code /db} writes on a replicated table refused with 409, reads allowed. Once on SQLite endpoints, once on MySQL
 * ones; and one table replicated across SQLite and MySQL with identical rows (types, JSON, nulls, bools, blobs).
 */
@ExtendWith(SharedDataCluster.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataClusterStoryIT {
    static final String STOCKS = "{'stocks': {'columns': [{'name': 'order_num', 'type': 'int', 'mods': 'NOT NULL AUTOINCREMENT'},"
            + " {'name': 'date', 'type': 'str', 'mods': ''}, {'name': 'trans', 'type': 'str', 'mods': ''},"
            + " {'name': 'symbol', 'type': 'str', 'mods': ''}, {'name': 'qty', 'type': 'int', 'mods': ''},"
            + " {'name': 'price', 'type': 'float', 'mods': ''}, {'name': 'after_hours', 'type': 'bool', 'mods': ''}],"
            + " 'primary_key': 'order_num', 'foreign_keys': null}}";
    private static final Duration SYNC = Duration.ofSeconds(90);
    private DataCluster dc;

    @BeforeAll
    void fixture(DataCluster shared) {
        dc = shared;
    }

    @Test
    void readmeStoryOnSqliteEndpoints() {
        story(DataCluster.uniqueName("story-sqlite"), dc.db("e1", "story"), List.of(dc.db("e2", "story"), dc.db("e3", "story")));
    }

    @Test
    void readmeStoryOnMysqlEndpoints() {
        dc.requireMysql("the data-cluster story on MySQL endpoints");
        story(DataCluster.uniqueName("story-mysql"), dc.db("e1", "storym"), List.of(dc.db("e2", "storym")));
    }

    private void story(String c, Database seed, List<Database> others) {
        // ---- the seed endpoint holds a loaded table before it joins (README steps 2, 4, 5 on the endpoint itself)
        seed.admin().post("/db/" + seed.name() + "/table/create", Json.parse(STOCKS)).expect(200);
        seed.admin().post(seed.tablePath("stocks") + "/insert", Json.parse("{'date': '2006-01-05', 'trans': {'type': 'BUY',"
                + " 'condition': {'limit': '36.00', 'time': 'EndOfTradingDay'}}, 'symbol': 'RHAT', 'qty': 100,"
                + " 'price': 35.14, 'after_hours': true}")).expect(200);
        seed.admin().put(seed.tablePath("stocks"), Json.parse("{'date': '2006-01-06', 'trans': {'type': 'BUY', 'condition':"
                + " {'limit': '34.00', 'time': 'EndOfTradingDay'}}, 'symbol': null, 'qty': null, 'price': 35.16,"
                + " 'after_hours': true}")).expect(200);
        JsonNode seedConfig = seed.admin().get(seed.tablePath("stocks") + "/config").expect(200).json();

        // ---- the seed joins with its table (the cluster is created by the join), then the replicas join empty
        dc.join(c, seed, List.of("stocks"));
        assertEquals(List.of("stocks"), tableNames(dc.owner(1).get("/cluster/" + c + "/tables").expect(200).json()));
        for (Database d : others) dc.join(c, d);
        List<Database> all = new ArrayList<>(List.of(seed));
        all.addAll(others);
        List<ReplicaState> states = dc.awaitInSync(c, "stocks", all.size(), SYNC);
        assertEquals(all.stream().map(Database::id).sorted().toList(), states.stream().map(ReplicaState::endpoint).sorted().toList(),
                "the table's replicas are the joined databases: " + states);
        ClusterTable t = new ClusterTable(dc, c, "stocks", all);
        TreeMap<String, String> copied = t.assertReplicasIdentical();
        assertEquals(List.of("1", "2"), List.copyOf(copied.keySet()), "the new replicas got the seed's rows");

        // ---- tables and config through every node
        for (int i : dc.clusterNodes().all()) {
            assertEquals(List.of("stocks"), tableNames(dc.owner(i).get("/cluster/" + c + "/tables").expect(200).json()));
            assertEquals(seedConfig, t.owner(i).get(t.path("/config")).expect(200).json(), "config through node " + i);
            assertEquals(copied, ClusterTable.keyed(t.read(i, ""), "order_num"), "all rows through node " + i);
        }

        // ---- writes through different nodes; sequential writes get growing seqs
        List<Long> seqs = new ArrayList<>();
        WriteAnswer bulk = t.write(1, "POST", "/insert", Json.parse("[{'date': '2006-01-07', 'trans': {'type': 'SELL'},"
                + " 'symbol': 'NTAP', 'qty': 50, 'price': 33.16, 'after_hours': false}, {'date': '2006-01-08', 'trans':"
                + " {'type': 'BUY'}, 'symbol': 'NTNX', 'qty': 20, 'price': 36.5, 'after_hours': false}, {'date': '2006-01-09',"
                + " 'trans': {'type': 'BUY'}, 'symbol': 'ORCL', 'qty': 75, 'price': 31.02, 'after_hours': true},"
                + " {'date': '2006-01-10', 'trans': {'type': 'SELL'}, 'symbol': 'RHAT', 'qty': 10, 'price': 37.0,"
                + " 'after_hours': false}]"));
        assertEquals(4, bulk.rows(), bulk.toString());
        seqs.add(bulk.seq());
        seqs.add(t.write(2, "POST", "", Json.parse("{'date': '2006-01-11', 'trans': {'type': 'BUY'}, 'symbol': 'IBM',"
                + " 'qty': 5, 'price': 10.0, 'after_hours': false}")).seq());
        seqs.add(t.write(3, "PUT", "", Json.parse("{'date': '2006-01-12', 'trans': null, 'symbol': 'SUNW', 'qty': 1,"
                + " 'price': 5.5, 'after_hours': null}")).seq());
        for (int i : dc.clusterNodes().all()) {
            ArrayNode rows = t.read(i, "");
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), ints(rows, "order_num"), "auto-increment keys resolved once, node " + i);
        }
        assertEquals(t.read(1, ""), t.read(3, "/select"), "GET select is the whole table");
        assertEquals(Json.parse("[{'order_num': 1, 'symbol': 'RHAT', 'price': 35.14}, {'order_num': 6, 'symbol': 'RHAT', 'price': 37.0}]"),
                t.select(2, Json.parse("{'select': ['order_num', 'symbol', 'price'], 'where': {'symbol': 'RHAT'}}")));
        assertEquals(Json.parse("[{'order_num': 2, 'qty': null}]"),
                t.select(3, Json.parse("{'select': ['order_num', 'qty'], 'where': {'qty': null}}")));
        assertEquals(Json.parse("[{'order_num': 6, 'symbol': 'RHAT', 'price': 37.0}, {'order_num': 4, 'symbol': 'NTNX', 'price': 36.5}]"),
                t.select(1, Json.parse("{'select': ['order_num', 'symbol', 'price'], 'where': [['price', '>', 33],"
                        + " ['symbol', 'not in', ['ORCL']]], 'orderby': ['price', 'desc'], 'limit': 2}")));
        assertEquals(Json.parse("[{'order_num': 3, 'symbol': 'NTAP', 'after_hours': false}, {'order_num': 4, 'symbol': 'NTNX', 'after_hours': false}]"),
                t.select(2, Json.parse("{'select': ['order_num', 'symbol', 'after_hours'], 'where': [['symbol', 'like', 'N*']],"
                        + " 'orderby': [['after_hours', 'desc'], 'symbol'], 'limit': 10, 'offset': 0}")));

        WriteAnswer upd = t.write(2, "POST", "/update", Json.parse("{'set': {'price': 32.12, 'trans': {'type': 'SELL', 'note': 'repriced'}},"
                + " 'where': {'symbol': 'NTAP'}}"));
        assertEquals(1, upd.rows(), upd.toString());
        seqs.add(upd.seq());
        for (int i : dc.clusterNodes().all()) {
            assertEquals(Json.parse("[{'order_num': 3, 'date': '2006-01-07', 'trans': {'note': 'repriced', 'type': 'SELL'},"
                    + " 'symbol': 'NTAP', 'qty': 50, 'price': 32.12, 'after_hours': false}]"), t.read(i, "/3"), "by key, node " + i);
        }
        seqs.add(t.write(1, "POST", "/4", Json.parse("{'price': 11.5, 'symbol': 'KEYUPD'}")).seq());
        WriteAnswer del = t.write(2, "POST", "/delete", Json.parse("{'where': [['order_num', 'in', [5, 6]]]}"));
        assertEquals(2, del.rows(), del.toString());
        seqs.add(del.seq());
        seqs.add(t.write(3, "DELETE", "/4", null).seq());
        for (int i : dc.clusterNodes().all()) t.get(i, "/4").expect(404);
        for (int i = 1; i < seqs.size(); i++) assertTrue(seqs.get(i) > seqs.get(i - 1), "seqs grow: " + seqs);

        TreeMap<String, String> end = t.assertReplicasIdentical();
        assertEquals(List.of("1", "2", "3", "7", "8"), List.copyOf(end.keySet()));
        for (int i : dc.clusterNodes().all()) assertEquals(end, ClusterTable.keyed(t.read(i, ""), "order_num"), "node " + i);

        joinedTables(c, all);
        errors(t);
        endpointSide(t);
    }

    /** The README's departments, positions, employees created and seeded through the cluster; both join forms. */
    private void joinedTables(String c, List<Database> all) {
        WriteAnswer created = new ClusterTable(dc, c, "departments", all).expectAcknowledged(WriteAnswer.of(dc.owner(1).post(
                "/cluster/" + c + "/table/create", Json.parse("{'departments': {'columns': [{'name': 'id', 'type': 'int',"
                        + " 'mods': 'UNIQUE'}, {'name': 'name', 'type': 'str', 'mods': ''}], 'primary_key': 'id', 'foreign_keys': null}}"))));
        assertTrue(created.seq() > 0);
        new ClusterTable(dc, c, "positions", all).expectAcknowledged(WriteAnswer.of(dc.owner(2).post(
                "/cluster/" + c + "/table/positions/create", Json.parse("{'positions': {'columns': [{'name': 'id', 'type': 'int',"
                        + " 'mods': 'UNIQUE'}, {'name': 'name', 'type': 'str', 'mods': ''}, {'name': 'department_id', 'type': 'int',"
                        + " 'mods': ''}], 'primary_key': 'id', 'foreign_keys': {'department_id': {'table': 'departments', 'ref': 'id',"
                        + " 'mods': 'ON UPDATE CASCADE ON DELETE CASCADE'}}}}"))));
        new ClusterTable(dc, c, "employees", all).expectAcknowledged(WriteAnswer.of(dc.owner(3).post(
                "/cluster/" + c + "/table/create", Json.parse("{'employees': {'columns': [{'name': 'id', 'type': 'int',"
                        + " 'mods': 'UNIQUE'}, {'name': 'name', 'type': 'str', 'mods': ''}, {'name': 'position_id', 'type': 'int',"
                        + " 'mods': ''}], 'primary_key': 'id', 'foreign_keys': {'position_id': {'table': 'positions', 'ref': 'id',"
                        + " 'mods': 'ON UPDATE CASCADE ON DELETE CASCADE'}}}}"))));
        for (Database d : all) {
            List<String> names = tableNames(d.admin().get("/db/" + d.name() + "/tables").expect(200).json());
            assertTrue(names.containsAll(List.of("departments", "employees", "positions", "stocks")), d + " has every table: " + names);
        }
        assertEquals(List.of("departments", "employees", "positions", "stocks"),
                tableNames(dc.owner(2).get("/cluster/" + c + "/tables").expect(200).json()).stream().sorted().toList());
        new ClusterTable(dc, c, "departments", all).write(1, "POST", "/insert",
                Json.parse("[{'id': 1001, 'name': 'HR'}, {'id': 2001, 'name': 'Sales'}]"));
        new ClusterTable(dc, c, "positions", all).write(2, "POST", "/insert", Json.parse("[{'id': 100101, 'name': 'Director',"
                + " 'department_id': 1001}, {'id': 100102, 'name': 'Manager', 'department_id': 1001}, {'id': 200101, 'name':"
                + " 'Director', 'department_id': 2001}, {'id': 200102, 'name': 'Manager', 'department_id': 2001}]"));
        ClusterTable emp = new ClusterTable(dc, c, "employees", all);
        emp.write(3, "POST", "/insert", Json.parse("[{'id': 1000, 'name': 'Clara Franklin', 'position_id': 100101}, {'id': 1001,"
                + " 'name': 'Eli Carson', 'position_id': 100102}, {'id': 1002, 'name': 'Joe Smith', 'position_id': 200101},"
                + " {'id': 1003, 'name': 'Dale Smith', 'position_id': 200102}]"));
        for (int i : dc.clusterNodes().all()) {
            assertEquals(Json.parse("[{'employees.id': 1000, 'employees.name': 'Clara Franklin', 'employees.position_id': 100101,"
                    + " 'positions.name': 'Director', 'positions.department_id': 1001}, {'employees.id': 1001, 'employees.name':"
                    + " 'Eli Carson', 'employees.position_id': 100102, 'positions.name': 'Manager', 'positions.department_id': 1001},"
                    + " {'employees.id': 1002, 'employees.name': 'Joe Smith', 'employees.position_id': 200101, 'positions.name':"
                    + " 'Director', 'positions.department_id': 2001}, {'employees.id': 1003, 'employees.name': 'Dale Smith',"
                    + " 'employees.position_id': 200102, 'positions.name': 'Manager', 'positions.department_id': 2001}]"),
                    emp.select(i, Json.parse("{'select': ['*'], 'join': 'positions'}")), "FK join through node " + i);
            assertEquals(Json.parse("[{'employees.name': 'Clara Franklin', 'positions.name': 'Director', 'departments.name': 'HR'},"
                    + " {'employees.name': 'Joe Smith', 'positions.name': 'Director', 'departments.name': 'Sales'}]"),
                    emp.select(i, Json.parse("{'select': ['employees.name', 'positions.name', 'departments.name'], 'join':"
                            + " {'positions': {'employees.position_id': 'positions.id'}, 'departments': {'positions.department_id':"
                            + " 'departments.id'}}, 'where': {'positions.name': 'Director'}, 'orderby': 'employees.name'}")),
                    "multi-join through node " + i);
        }
        for (String table : List.of("departments", "positions", "employees")) ReplicaComparer.assertIdentical(table, all);
    }

    /** Refused requests change nothing and mark nobody out of sync; a duplicate key is the same 409 everywhere. */
    private void errors(ClusterTable t) {
        TreeMap<String, String> before = t.assertReplicasIdentical();
        String c = t.cluster();
        t.owner(2).get("/cluster/" + c + "/table/nope").expect(404);
        t.owner(2).post("/cluster/" + c + "/table/nope/insert", Json.parse("{'id': 1}")).expect(404);
        t.owner(1).get("/cluster/" + c + "-nope/table/stocks").expect(404);
        t.owner(3).post(t.path("/select"), Json.parse("{'select': ['*'], 'where': {'nme': 'HR'}}")).expect(400);
        t.owner(3).post(t.path("/insert"), Json.parse("{'nme': 'x'}")).expect(400);
        t.owner(1).post(t.path("/insert"), "{not json").expect(400);
        t.owner(2).post(t.path("/update"), Json.parse("{'set': {'symbol': 'x'}, 'where': {}}")).expect(400);
        t.owner(3).post(t.path("/insert"), Json.parse("{'order_num': 1, 'symbol': 'DUP'}")).expect(409);
        t.owner(1).post(t.path("/99"), Json.parse("{'price': 1.0}")).expect(404);
        assertEquals(before, t.assertReplicasIdentical(), "refused writes changed nothing");
        for (ReplicaState r : dc.replicas(1, c, "stocks")) assertTrue(r.inSync(), "still in sync after refusals: " + r);
    }

    /** On the endpoints themselves: reads of a replicated table stay allowed, writes are refused naming the cluster. */
    private void endpointSide(ClusterTable t) {
        for (Database d : t.replicas()) {
            d.admin().get(d.tablePath("stocks") + "/1").expect(200);
            for (Response r : List.of(
                    d.admin().post(d.tablePath("stocks") + "/insert", Json.parse("{'symbol': 'BYPASS'}")),
                    d.admin().post(d.tablePath("stocks") + "/1", Json.parse("{'symbol': 'BYPASS'}")),
                    d.admin().delete(d.tablePath("stocks") + "/1"),
                    d.admin().post(d.tablePath("stocks") + "/delete", Json.parse("{'where': {'order_num': 1}}")))) {
                r.expect(409);
                assertTrue(r.raw().contains(t.cluster()), "the refusal names the cluster: " + r.describe());
            }
        }
        t.assertReplicasIdentical();
    }

    // ------------------------------------------------------------------ mixed back ends

    @Test
    void oneTableReplicatedAcrossSqliteAndMysqlHoldsIdenticalValues() {
        dc.requireMysql("a table replicated across SQLite and MySQL");
        String c = DataCluster.uniqueName("mixed");
        Database s = dc.db("e1", "mixs");
        Database m = dc.db("e2", "mixm");
        dc.join(c, s, m);
        List<Database> both = List.of(s, m);
        WriteAnswer created = WriteAnswer.of(dc.owner(2).post("/cluster/" + c + "/table/create", Json.parse(
                "{'vals': {'columns': [{'name': 'id', 'type': 'int', 'mods': 'NOT NULL'}, {'name': 's', 'type': 'str', 'mods': ''},"
                        + " {'name': 'f', 'type': 'float', 'mods': ''}, {'name': 'b', 'type': 'bool', 'mods': ''},"
                        + " {'name': 'j', 'type': 'str', 'mods': ''}, {'name': 'bl', 'type': 'blob', 'mods': ''},"
                        + " {'name': 'n', 'type': 'int', 'mods': 'DEFAULT 7'}], 'primary_key': 'id', 'foreign_keys': null}}")));
        ClusterTable t = new ClusterTable(dc, c, "vals", both);
        t.expectAcknowledged(created);
        dc.awaitInSync(c, "vals", 2, SYNC);
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) all[i] = (byte) i;
        String b64 = Base64.getEncoder().encodeToString(all);
        String small = Base64.getEncoder().encodeToString(new byte[] {0, -1, 0});
        ArrayNode rows = (ArrayNode) Json.parse("[{'id': 1, 's': 'plain', 'f': 1.5, 'b': true, 'j': {'z': 'ü', 'a': [1, 2, {'b': null}]},"
                + " 'bl': '" + b64 + "', 'n': 42},"
                + " {'id': 2, 's': null, 'f': null, 'b': null, 'j': null, 'bl': null, 'n': null},"
                + " {'id': 3, 's': \"quote ' \\\" \\\\ \\u00fcn\\u00ef \\ud83d\\ude00 <b>&amp;\", 'f': -0.001, 'b': false,"
                + " 'j': [1, 'two', 3.5, true, null], 'bl': '" + small + "', 'n': -7},"
                + " {'id': 4, 's': '', 'f': 10000000000.0, 'b': true, 'j': {}, 'bl': '" + small + "', 'n': 0}]");
        t.write(1, "POST", "/insert", rows);
        t.write(3, "POST", "", Json.parse("{'id': 5, 's': 'defaults'}"));
        TreeMap<String, String> same = t.assertReplicasIdentical();
        assertEquals(5, same.size(), same.toString());
        TreeMap<String, String> expected = ClusterTable.keyed(rows, "id");
        for (int i : dc.clusterNodes().all()) {
            TreeMap<String, String> through = ClusterTable.keyed(t.read(i, ""), "id");
            for (String k : expected.keySet()) assertEquals(expected.get(k), through.get(k), "row " + k + " through node " + i);
            assertEquals(7, t.read(i, "/5").get(0).path("n").asInt(), "the column default, resolved the same on both");
        }
        t.write(2, "POST", "/3", Json.parse("{'j': {'nested': {'deep': [null, false]}}, 'b': null}"));
        t.write(1, "POST", "/update", Json.parse("{'set': {'bl': null, 'f': 2.25}, 'where': [['id', 'in', [1, 4]]]}"));
        t.write(3, "DELETE", "/2", null);
        TreeMap<String, String> after = t.assertReplicasIdentical();
        assertEquals(List.of("1", "3", "4", "5"), List.copyOf(after.keySet()));
        assertEquals(Json.parse("{'nested': {'deep': [null, false]}}"), t.read(2, "/3").get(0).path("j"));
    }

    // ------------------------------------------------------------------ an endpoint that joins by itself

    @Test
    void anEndpointStartedWithK8sSettingsJoinsAtStartAndAgainAfterARestart() {
        String c = DataCluster.uniqueName("k8s");
        DataCluster.DataEndpoint ep = dc.autoJoinEndpoint("k8s", c, "init", DataCluster.sqlite("auto"));
        Database db = ep.databases().get(0);
        Poll.until("the K8S endpoint joined " + c, Duration.ofSeconds(60), () -> endpointIds(c).contains(db.id()));
        ClusterTable t = new ClusterTable(dc, c, "notes", List.of(db));
        t.expectAcknowledged(WriteAnswer.of(dc.owner(2).post("/cluster/" + c + "/table/create", Json.parse("{'notes': {'columns':"
                + " [{'name': 'id', 'type': 'int', 'mods': 'NOT NULL'}, {'name': 'txt', 'type': 'str', 'mods': ''}],"
                + " 'primary_key': 'id', 'foreign_keys': null}}"))));
        t.write(3, "POST", "/insert", Json.parse("{'id': 1, 'txt': 'before restart'}"));
        ep.node().kill();
        ep.node().start();
        Poll.until("the restarted endpoint serves " + c + " again", Duration.ofSeconds(90), () -> {
            Response r = t.get(1, "/1?consistency=strong");
            return r.status() == 200 ? r : null;
        });
        t.write(1, "POST", "/insert", Json.parse("{'id': 2, 'txt': 'after restart'}"));
        assertEquals(List.of("1", "2"), List.copyOf(t.assertReplicasIdentical().keySet()));
        assertEquals(1, endpointIds(c).stream().filter(db.id()::equals).count(), "re-joined, not added twice");
    }

    private List<String> endpointIds(String c) {
        List<String> ids = new ArrayList<>();
        for (JsonNode e : dc.owner(1).get("/cluster/" + c + "/endpoints").expect(200).json().path("endpoints")) {
            ids.add(e.path("id").asText());
        }
        return ids;
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Table names of a tables answer: the endpoint's {@code {"tables": [{"t": config}]}} or the cluster's
     * {@code {"t": config, ...}}.
     */
    static List<String> tableNames(JsonNode doc) {
        List<String> names = new ArrayList<>();
        if (!doc.has("tables")) {
            doc.fieldNames().forEachRemaining(names::add);
            return names;
        }
        for (JsonNode e : doc.path("tables")) {
            if (e.isTextual()) names.add(e.asText());
            else e.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    static List<Integer> ints(JsonNode rows, String col) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode r : rows) out.add(r.path(col).asInt());
        return out;
    }
}
