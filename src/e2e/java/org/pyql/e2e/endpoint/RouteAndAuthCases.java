package org.pyql.e2e.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.PyqlClient;
import org.pyql.e2e.harness.PyqlClient.Response;

/**
 * Every route and what guards it: credentials (Basic on both headers, user and service tokens as Token and Bearer,
 * tampered tokens), unknown databases and tables, the node's own state never reachable through {@code /db}, internal
 * tables hidden, and JSON on every answer, including unknown routes and wrong methods.
 */
abstract class RouteAndAuthCases extends EndpointTestBase {
    private String table;

    /** One request of the data API: method, path below /db/{db}/, body. */
    private record Call(String method, String rest, String body) {
        Response send(PyqlClient client, String db) {
            return client.send(method, "/db/" + db + "/" + rest, body == null ? null : Json.parse(body));
        }

        @Override
        public String toString() {
            return method + " /db/{db}/" + rest;
        }
    }

    @BeforeAll
    final void createRouteTable() {
        table = uniqueTable("rt");
        createTables("{'" + table + "': {'columns': [{'name': 'id', 'type': 'int', 'mods': 'NOT NULL " + backend().autoIncrement
                + "'}, {'name': 'name', 'type': 'str', 'mods': ''}], 'primary_key': 'id', 'foreign_keys': null}}");
        insert(table, "[{'id': 1, 'name': 'one'}, {'id': 2, 'name': 'two'}]").expect(200);
    }

    /** Every data route on table {@code t}, with a body that would succeed. */
    private static List<Call> dataRoutes(String t) {
        String fresh = "x" + t;
        return List.of(
                new Call("GET", "tables", null),
                new Call("GET", "table/" + t + "/config", null),
                new Call("POST", "table/create", "{'" + fresh + "': {'columns': [{'name': 'id', 'type': 'int', 'mods': ''}],"
                        + " 'primary_key': 'id', 'foreign_keys': null}}"),
                new Call("POST", "table/" + fresh + "/create", "{'" + fresh + "': {'columns': [{'name': 'id', 'type': 'int',"
                        + " 'mods': ''}], 'primary_key': 'id', 'foreign_keys': null}}"),
                new Call("GET", "table/" + t, null),
                new Call("GET", "table/" + t + "/select", null),
                new Call("POST", "table/" + t + "/select", "{'select': ['*']}"),
                new Call("POST", "table/" + t, "{'name': 'new'}"),
                new Call("PUT", "table/" + t, "{'name': 'new'}"),
                new Call("POST", "table/" + t + "/insert", "{'name': 'new'}"),
                new Call("POST", "table/" + t + "/update", "{'set': {'name': 'changed'}, 'where': {'id': 1}}"),
                new Call("POST", "table/" + t + "/delete", "{'where': {'id': 1}}"),
                new Call("GET", "table/" + t + "/1", null),
                new Call("POST", "table/" + t + "/1", "{'name': 'changed'}"),
                new Call("DELETE", "table/" + t + "/1", null));
    }

    /** Every data route whose table part names an existing table (no create). */
    private static List<Call> tableRoutes(String t) {
        return dataRoutes(t).stream().filter(c -> c.rest().startsWith("table/" + t)).toList();
    }

    // ------------------------------------------------------------------ credentials

    @Test
    void noCredentialIs401OnEveryDataRoute() {
        PyqlClient anonymous = admin.anonymous();
        for (Call c : dataRoutes(table)) {
            Response r = expectErrorUnchanged(401, () -> c.send(anonymous, db), table);
            assertFalse(r.error().isBlank(), c.toString());
        }
        assertFalse(tableExistsInDatabase("x" + table), "an unauthenticated create made a table");
    }

    @Test
    void badCredentialsAre401() {
        PyqlClient a = admin.anonymous();
        String path = dbPath("table/" + table);
        // keep wrong-password attempts for admin few: ten in a minute lock the account
        assertEquals(401, a.withBasic("admin", "wrong-password").get(path).expect(401).status());
        a.withBasic("nobody", "whatever").get(path).expect(401);
        a.withHeader("Authentication", "Basic " + b64("no-colon-here")).get(path).expect(401);
        a.withHeader("Authentication", "Basic !!!not-base64!!!").get(path).expect(401);
        a.withHeader("Authentication", "Basic").get(path).expect(401);
        a.withHeader("Authentication", "Weird scheme").get(path).expect(401);
        a.withHeader("Authentication", "Token").get(path).expect(401);
        a.withHeader("Authentication", "Token garbage").get(path).expect(401);
        a.withBearer("a.b.c").get(path).expect(401);
        a.withHeader("Authorization", "").get(path).expect(401);
        // a wrong password also fails for a write, which then changes nothing
        expectErrorUnchanged(401, () -> a.withBasic("admin", "also-wrong").post(tablePath(table, "/insert"),
                Json.parse("{'name': 'x'}")), table);
    }

    @Test
    void basicWorksOnBothHeaders() {
        String pw = endpoint.node().adminPassword();
        admin.anonymous().withBasic("admin", pw).get(dbPath("tables")).expect(200);
        admin.anonymous().withAuthorizationBasic("admin", pw).get(dbPath("tables")).expect(200);
        // the original's `echo user:pw | base64` adds a newline: accepted
        admin.anonymous().withHeader("Authentication", "Basic " + b64("admin:" + pw + "\n")).get(dbPath("tables")).expect(200);
    }

    @Test
    void userTokenWorksAsTokenAndAsBearer() {
        String token = admin.get("/auth/token/user").expect(200).text("token");
        assertEquals(3, token.split("\\.").length, "a JWT: " + token);
        PyqlClient viaToken = admin.anonymous().withToken(token);
        PyqlClient viaBearer = admin.anonymous().withBearer(token);
        assertEquals(allRows(table), viaToken.get(tablePath(table, "")).expect(200).data());
        assertEquals(allRows(table), viaBearer.get(tablePath(table, "")).expect(200).data());
        long id = 100 + System.nanoTime() % 1000;
        viaToken.post(tablePath(table, "/insert"), Json.parse("{'id': " + id + ", 'name': 'by token'}")).expect(200);
        viaBearer.delete(tablePath(table, "/" + id)).expect(200);
        // a token is accepted on the original's header with the standard scheme name too
        admin.anonymous().withHeader("Authentication", "Bearer " + token).get(dbPath("tables")).expect(200);
    }

    @Test
    void tamperedTokensAre401() {
        String token = admin.get("/auth/token/user").expect(200).text("token");
        String[] parts = token.split("\\.");
        List<String> forged = new ArrayList<>();
        // flipped signature character
        char last = parts[2].charAt(parts[2].length() / 2);
        forged.add(parts[0] + "." + parts[1] + "." + replaceAt(parts[2], parts[2].length() / 2, last == 'A' ? 'B' : 'A'));
        // payload changed (typ: service, later expiry), original signature kept
        ObjectNode payload = (ObjectNode) Json.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        payload.put("typ", "service");
        payload.put("exp", payload.path("exp").asLong(0) + 86_400 * 365);
        String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(payload).getBytes(StandardCharsets.UTF_8));
        forged.add(parts[0] + "." + forgedPayload + "." + parts[2]);
        // alg none, no signature
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        forged.add(none + "." + parts[1] + ".");
        // truncated, and without signature part
        forged.add(token.substring(0, token.length() - 3));
        forged.add(parts[0] + "." + parts[1]);
        for (String f : forged) {
            expectErrorUnchanged(401, () -> admin.anonymous().withToken(f).post(tablePath(table, "/insert"),
                    Json.parse("{'name': 'forged'}")), table);
            admin.anonymous().withBearer(f).get(dbPath("tables")).expect(401);
        }
    }

    @Test
    void localServiceTokenWorksOnDataRoutes() {
        Response r = admin.get("/auth/token/local").expect(200);
        String token = r.text("PYQL_LOCAL_SERVICE_TOKEN");
        PyqlClient service = admin.anonymous().withToken(token);
        service.get(dbPath("tables")).expect(200);
        assertEquals(allRows(table), service.post(tablePath(table, "/select"), Json.parse("{'select': ['*']}")).expect(200).data());
        long id = 2000 + System.nanoTime() % 1000;
        service.post(tablePath(table, "/insert"), Json.parse("{'id': " + id + ", 'name': 'by service'}")).expect(200);
        admin.anonymous().withBearer(token).post(tablePath(table, "/delete"), Json.parse("{'where': {'id': " + id + "}}")).expect(200);
        admin.get(tablePath(table, "/" + id)).expect(404);
    }

    @Test
    void tokensAreIssuedForCredentialsOnly() {
        admin.anonymous().get("/auth/token/user").expect(401);
        admin.anonymous().get("/auth/token/local").expect(401);
        admin.get("/auth/token/nope").expect(404);
        String user = admin.get("/auth/token/user").expect(200).text("token");
        String service = admin.get("/auth/token/local").expect(200).text("PYQL_LOCAL_SERVICE_TOKEN");
        // a service token cannot mint tokens; a user token cannot get the service token
        admin.anonymous().withToken(service).get("/auth/token/local").expect(403);
        admin.anonymous().withToken(service).get("/auth/token/user").expect(403);
        admin.anonymous().withToken(user).get("/auth/token/local").expect(403);
    }

    @Test
    void userTokenCannotRenewItself() {
        String user = admin.get("/auth/token/user").expect(200).text("token");
        admin.anonymous().withToken(user).get("/auth/token/user").expect(403);
        admin.anonymous().withBearer(user).get("/auth/token/user").expect(403);
    }

    @Test
    void probesNeedNoCredential() {
        Response node = admin.anonymous().get("/pyql/node").expect(200);
        assertFalse(node.text("uuid").isBlank());
        assertEquals("endpoint", node.text("role"));
        assertEquals(node.text("uuid"), admin.anonymous().get("/pyql/node").expect(200).text("uuid"), "stable uuid");
        assertEquals(Json.parse("{'status': 'alive'}"), admin.anonymous().get("/pyql/live").expect(200).json());
    }

    // ------------------------------------------------------------------ unknown databases and tables, internal state

    @Test
    void unknownDatabaseIs404OnEveryRoute() {
        for (String other : List.of("nodb", "pyql", "PYQL", "information_schema", "mysql", "sqlite_master")) {
            for (Call c : dataRoutes(table)) {
                Response r = c.send(admin, other);
                assertEquals(404, r.status(), c + " on db " + other + ": " + r.describe());
                r.assertErrorShape();
            }
        }
        assertFalse(tableExistsInDatabase("x" + table));
    }

    @Test
    void unknownTableIs404OnEveryRoute() {
        String missing = "no_such_" + table;
        for (Call c : tableRoutes(missing)) {
            if (c.rest().endsWith("/create")) continue;
            Response r = expectErrorUnchanged(404, () -> c.send(admin, db), table);
            assertTrue(r.error().contains(missing) || r.error().contains("not found"), r.describe());
        }
    }

    @Test
    void internalTablesAreNeitherListedNorReachable() {
        executeDirect("CREATE TABLE _pyql_secret (k VARCHAR(20) PRIMARY KEY, v VARCHAR(64))");
        executeDirect("INSERT INTO _pyql_secret VALUES ('signing_key', 'do-not-leak')");
        List<String> hidden = new ArrayList<>(List.of("_pyql_secret"));
        if (backend() == Backend.SQLITE) {
            // AUTOINCREMENT made SQLite's own bookkeeping table; its catalog is one too
            assertTrue(tableExistsInDatabase("sqlite_sequence"));
            hidden.add("sqlite_sequence");
            hidden.add("sqlite_master");
            hidden.add("sqlite_schema");
        }
        List<String> listed = listedTables();
        for (String h : hidden) {
            assertFalse(listed.stream().anyMatch(n -> n.equalsIgnoreCase(h)), h + " is listed: " + listed);
            for (Call c : tableRoutes(h)) {
                if (c.rest().endsWith("/create")) continue;
                Response r = c.send(admin, db);
                assertEquals(404, r.status(), c + " on " + h + ": " + r.describe());
                assertFalse(r.raw().contains("do-not-leak"), r.describe());
            }
            admin.post(tablePath(table, "/select"), Json.parse("{'select': ['*'], 'join': {'" + h + "': {'" + table
                    + ".name': '" + h + ".k'}}}")).expect(400);
        }
        // and cannot be created through the API
        admin.post(dbPath("table/create"), Json.parse("{'_pyql_x': {'columns': [{'name': 'id', 'type': 'int', 'mods': ''}],"
                + " 'primary_key': 'id', 'foreign_keys': null}}")).expect(400);
        admin.post(dbPath("table/create"), Json.parse("{'_PYQL_y': {'columns': [{'name': 'id', 'type': 'int', 'mods': ''}],"
                + " 'primary_key': 'id', 'foreign_keys': null}}")).expect(400);
        // the row is still there, untouched
        assertTrue(tableExistsInDatabase("_pyql_secret"));
        executeDirect("DROP TABLE _pyql_secret");
    }

    @Test
    void theNodesOwnStateIsNotADatabase() {
        for (String path : List.of("/db/pyql/tables", "/db/pyql/table/pyql/select", "/db/pyql/table/env/select",
                "/db/pyql/table/authlocal", "/db/pyql/table/principals/config")) {
            Response r = admin.get(path).expect(404);
            assertFalse(r.raw().toLowerCase().contains("password"), r.describe());
        }
        admin.post("/db/pyql/table/pyql/select", Json.parse("{'select': ['*']}")).expect(404);
        admin.post("/db/pyql/table/create", Json.parse("{'t': {'columns': [{'name': 'id', 'type': 'int', 'mods': ''}],"
                + " 'primary_key': 'id', 'foreign_keys': null}}")).expect(404);
    }

    // ------------------------------------------------------------------ JSON everywhere

    @Test
    void unknownRoutesAre404Json() {
        for (PyqlClient c : List.of(admin, admin.anonymous())) {
            for (String path : List.of("/", "/nothing", "/db", dbPath(""), dbPath("table"), dbPath("table/" + table + "/1/extra"),
                    "/index.html", "/db/" + db + "/tables/extra", "/pyql", "/auth", "/cluster/x/table/y", "/static/app.js")) {
                Response r = c.get(path);
                assertTrue(r.status() == 404 || (r.status() == 401 && c != admin), "GET " + path + ": " + r.describe());
                r.assertErrorShape();
            }
            Response post = c.post("/nothing", Json.parse("{'a': 1}"));
            assertTrue(post.status() == 404 || post.status() == 401, post.describe());
        }
    }

    @Test
    void wrongMethodsAre405Json() {
        List<String[]> wrong = List.of(
                new String[] {"DELETE", dbPath("tables")},
                new String[] {"POST", dbPath("tables")},
                new String[] {"PUT", dbPath("table/" + table + "/config")},
                new String[] {"DELETE", dbPath("table/" + table)},
                new String[] {"PATCH", dbPath("table/" + table)},
                new String[] {"PUT", dbPath("table/" + table + "/select")},
                new String[] {"PUT", dbPath("table/" + table + "/1")},
                new String[] {"PATCH", dbPath("table/" + table + "/1")},
                new String[] {"GET", dbPath("table/create")},
                new String[] {"DELETE", "/pyql/node"},
                new String[] {"POST", "/pyql/live"},
                new String[] {"POST", "/auth/token/user"});
        for (String[] w : wrong) {
            Response r = expectErrorUnchanged(w[0].equals("GET") ? 404 : 405,
                    () -> admin.send(w[0], w[1], w[0].equals("DELETE") || w[0].equals("GET") ? null : Json.parse("{'a': 1}")), table);
            assertNotEquals(200, r.status());
        }
    }

    @Test
    void headAndAcceptHeaders() {
        Response head = admin.send("HEAD", tablePath(table, ""), null);
        assertEquals(200, head.status());
        Response html = admin.withHeader("Accept", "text/html").get(tablePath(table, ""));
        assertTrue(html.status() == 200 || html.status() == 406, html.describe());
        Response any = admin.withHeader("Accept", "*/*").get(tablePath(table, "")).expect(200);
        assertEquals(allRows(table), any.data());
        admin.withHeader("Accept", "text/html").get("/nothing").expect(404);
    }

    @Test
    void bodiesAreJsonWhateverTheContentType() {
        // curl -d sends application/x-www-form-urlencoded; the README's walkthrough relies on this
        for (String ct : List.of("application/x-www-form-urlencoded", "text/plain", "application/json; charset=utf-8")) {
            Response r = admin.send("POST", tablePath(table, "/select"), "{\"select\": [\"id\"], \"where\": {\"id\": 2}}", ct);
            assertEquals(Json.parse("[{'id': 2}]"), r.expect(200).data(), ct);
        }
        Response none = admin.send("POST", tablePath(table, "/select"), "{\"select\": [\"id\"], \"where\": {\"id\": 2}}", null);
        assertEquals(200, none.status(), none.describe());
    }

    @Test
    void optionsIsNotWadl() {
        Response r = admin.exchange("OPTIONS", dbPath("tables"), null, null);
        r.assertJson();
        assertEquals(200, r.status(), r.describe());
        assertTrue(r.json().path("allow").toString().contains("GET"), r.describe());
        Response onTable = admin.exchange("OPTIONS", tablePath(table, ""), null, null).assertJson();
        assertTrue(onTable.json().path("allow").toString().contains("PUT"), onTable.describe());
    }

    @Test
    void containerErrorPagesAreJson() {
        for (String path : List.of("/WEB-INF/beans.xml", "/WEB-INF/", "/META-INF/MANIFEST.MF")) {
            Response r = admin.exchange("GET", path, null, null).assertJson();
            assertEquals(404, r.status(), r.describe());
            r.assertErrorShape();
            assertFalse(r.raw().contains("<html"), r.describe());
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String replaceAt(String s, int i, char c) {
        return s.substring(0, i) + c + s.substring(i + 1);
    }
}
