package org.pyql.e2e.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pyql.e2e.data.DataCluster.Database;
import org.pyql.e2e.data.DataCluster.User;
import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.PyqlClient;
import org.pyql.e2e.harness.PyqlClient.Response;

/**
 * Who may use the data routes, on every route and through every cluster node: the owner and a {@code write} share
 * read and write; a {@code read} share reads, and every write it tries is 403 and changes nothing; a user the cluster
 * is not shared with gets 404 everywhere (the cluster does not exist for them) and changes nothing; no credential is
 * 401. The replica routes ({@code /endpoints}, {@code /path}) are for admins and services only and never show an
 * endpoint's token. All violations of the matrix are reported together.
 */
@ExtendWith(SharedDataCluster.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataAuthorizationIT {
    private static final AtomicInteger KEYS = new AtomicInteger(1000);
    private DataCluster dc;
    private String c;
    private List<Database> replicas;
    private User writer;
    private User reader;
    private User stranger;

    /** A route: how to call it as a client on a node, and whether it writes. */
    record Route(String name, boolean writes, java.util.function.BiFunction<PyqlClient, Integer, Response> call) {
    }

    @BeforeAll
    void fixture(DataCluster shared) {
        dc = shared;
        c = DataCluster.uniqueName("authz");
        replicas = List.of(dc.db("e1", "authz"), dc.db("e2", "authz"));
        dc.join(c, replicas.toArray(Database[]::new));
        new ClusterTable(dc, c, "items", replicas).expectAcknowledged(WriteAnswer.of(dc.owner(1).post(
                "/cluster/" + c + "/table/create", Json.parse("{'items': {'columns': [{'name': 'id', 'type': 'int', 'mods': 'NOT NULL'},"
                        + " {'name': 'name', 'type': 'str', 'mods': ''}], 'primary_key': 'id', 'foreign_keys': null}}"))));
        new ClusterTable(dc, c, "items", replicas).write(2, "POST", "/insert", Json.parse("[{'id': 1, 'name': 'one'}, {'id': 2, 'name': 'two'}]"));
        writer = dc.registerUser("writer");
        reader = dc.registerUser("reader");
        stranger = dc.registerUser("stranger");
        share(writer, "write");
        share(reader, "read");
    }

    private void share(User u, String access) {
        dc.owner(1).post("/cluster/" + c + "/share", Json.object().put("username", u.name()).put("access", access)).expect(200);
    }

    private String t(String suffix) {
        return "/cluster/" + c + "/table/items" + suffix;
    }

    private List<Route> routes() {
        IntFunction<JsonNode> row = k -> Json.object().put("id", k).put("name", "n" + k);
        return List.of(
                new Route("GET tables", false, (cl, k) -> cl.get("/cluster/" + c + "/tables")),
                new Route("GET config", false, (cl, k) -> cl.get(t("/config"))),
                new Route("GET table", false, (cl, k) -> cl.get(t(""))),
                new Route("GET select", false, (cl, k) -> cl.get(t("/select"))),
                new Route("POST select", false, (cl, k) -> cl.post(t("/select"), Json.parse("{'select': ['*'], 'where': {'id': 1}}"))),
                new Route("GET key", false, (cl, k) -> cl.get(t("/1"))),
                new Route("GET key strong", false, (cl, k) -> cl.get(t("/2?consistency=strong"))),
                new Route("POST table", true, (cl, k) -> cl.post(t(""), row.apply(k))),
                new Route("PUT table", true, (cl, k) -> cl.put(t(""), row.apply(k + 1))),
                new Route("POST insert (array)", true, (cl, k) -> cl.post(t("/insert"), Json.array().add(row.apply(k + 2)).add(row.apply(k + 3)))),
                new Route("POST update", true, (cl, k) -> cl.post(t("/update"), Json.parse("{'set': {'name': 'u'}, 'where': {'id': " + k + "}}"))),
                new Route("POST key", true, (cl, k) -> cl.post(t("/" + (k + 1)), Json.parse("{'name': 'by key'}"))),
                new Route("POST delete", true, (cl, k) -> cl.post(t("/delete"), Json.parse("{'where': {'id': " + (k + 2) + "}}"))),
                new Route("DELETE key", true, (cl, k) -> cl.delete(t("/" + (k + 3)))),
                new Route("POST table/create", true, (cl, k) -> cl.post("/cluster/" + c + "/table/create", Json.parse(
                        "{'made" + k + "': {'columns': [{'name': 'id', 'type': 'int', 'mods': 'NOT NULL'}], 'primary_key': 'id',"
                                + " 'foreign_keys': null}}"))),
                new Route("POST table/{t}/create", true, (cl, k) -> cl.post("/cluster/" + c + "/table/named" + k + "/create", Json.parse(
                        "{'named" + k + "': {'columns': [{'name': 'id', 'type': 'int', 'mods': 'NOT NULL'}], 'primary_key': 'id',"
                                + " 'foreign_keys': null}}"))));
    }

    /** Rows of items and the table list, read directly on both replicas. */
    private String snapshot() {
        TreeMap<String, String> rows = ReplicaComparer.assertIdentical("items", replicas);
        List<String> tables = new ArrayList<>();
        for (Database d : replicas) {
            tables.add(DataClusterStoryIT.tableNames(d.admin().get("/db/" + d.name() + "/tables").expect(200).json()).stream()
                    .sorted().toList().toString());
        }
        return rows + " " + tables;
    }

    @Test
    void everyDataRouteHonoursOwnerWriteShareReadShareAndStrangers() {
        List<String> wrong = new ArrayList<>();
        record Caller(String name, int readStatus, int writeStatus, java.util.function.IntFunction<PyqlClient> client) {
        }
        List<Caller> callers = List.of(
                new Caller("owner (token)", 200, 200, dc::owner),
                new Caller("owner (Basic)", 200, 200, i -> dc.owner().basic(dc.node(i))),
                new Caller("write share", 200, 200, i -> writer.on(dc.node(i))),
                new Caller("read share", 200, 403, i -> reader.on(dc.node(i))),
                new Caller("stranger", 404, 404, i -> stranger.on(dc.node(i))),
                new Caller("no credential", 401, 401, i -> dc.node(i).client()));
        int n = 0;
        for (Caller who : callers) {
            int node = 1 + (n++ % dc.size());
            boolean refused = who.writeStatus() != 200;
            String before = refused ? snapshot() : null;
            int key = KEYS.addAndGet(10);
            for (Route r : routes()) {
                int expected = r.writes() ? who.writeStatus() : who.readStatus();
                Response resp = r.call().apply(who.client().apply(node), key);
                if (resp.status() != expected) {
                    wrong.add(who.name() + " " + r.name() + " via node " + node + ": expected " + expected + ", got " + resp.describe());
                } else if (expected >= 400 && !resp.json().path("error").isTextual()) {
                    wrong.add(who.name() + " " + r.name() + ": error without a JSON error text: " + resp.describe());
                }
            }
            if (refused) {
                String after = snapshot();
                if (!before.equals(after)) wrong.add(who.name() + "'s refused writes changed the data: " + before + " -> " + after);
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " wrong answer(s):\n  " + String.join("\n  ", wrong));
        new ClusterTable(dc, c, "items", replicas).assertReplicasIdentical();
    }

    @Test
    void replicaRoutesAreForOwnersAdminsAndServicesAndNeverShowATokenOrPassword() {
        List<String> secrets = new ArrayList<>();
        for (Database d : replicas) secrets.add(d.endpoint().serviceToken());
        secrets.add(DataCluster.ENDPOINT_ADMIN_PASSWORD);
        String service = dc.admin(1).get("/auth/token/cluster").expect(200).text("PYQL_CLUSTER_SERVICE_TOKEN");
        for (String route : List.of("/endpoints", "/path")) {
            for (int i : dc.clusterNodes().all()) {
                for (PyqlClient privileged : List.of(dc.admin(i), dc.node(i).client().withToken(service))) {
                    Response r = privileged.get(t(route)).expect(200);
                    JsonNode list = r.json().isArray() ? r.json() : r.json().path("endpoints");
                    assertEquals(2, list.size(), r.describe());
                    for (JsonNode e : list) {
                        for (String f : List.of("endpoint", "name", "path", "in_sync", "state", "applied_seq", "lag")) {
                            assertTrue(e.has(f), route + " entry has " + f + ": " + r.describe());
                        }
                        assertTrue(e.path("in_sync").asBoolean(), r.describe());
                        assertEquals(0, e.path("lag").asLong(), "no lag when idle: " + r.describe());
                    }
                    for (String s : secrets) assertFalse(r.raw().contains(s), route + " shows a secret: " + r.describe());
                }
                // the owner sees its replicas' state (the web console shows it), still without a secret
                Response own = dc.owner(i).get(t(route)).expect(200);
                assertEquals(2, own.json().path("endpoints").size(), own.describe());
                for (String s : secrets) assertFalse(own.raw().contains(s), route + " shows the owner a secret: " + own.describe());
                writer.on(dc.node(i)).get(t(route)).expect(403);
                reader.on(dc.node(i)).get(t(route)).expect(403);
                stranger.on(dc.node(i)).get(t(route)).expect(404);
                dc.node(i).client().get(t(route)).expect(401);
            }
        }
    }
}
