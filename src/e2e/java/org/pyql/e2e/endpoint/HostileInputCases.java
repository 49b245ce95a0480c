package org.pyql.e2e.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import org.junit.jupiter.api.Test;
import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.PyqlClient;
import org.pyql.e2e.harness.PyqlClient.Response;

/**
 * Bodies a careless client or an attacker sends, one test per class of defect: each answers a 4xx JSON error that
 * names no internal class and changes nothing (rows, table list, the database itself), or, for values, comes back
 * exactly as sent. Limits are those of the README's Errors section.
 */
abstract class HostileInputCases extends EndpointTestBase {

    /** id int PK, s str, n int, b bool. */
    private String table() {
        String t = uniqueTable("hostile");
        createTables("{'" + t + "': {'columns': [{'name': 'id', 'type': 'int', 'mods': ''}, {'name': 's', 'type': 'str', 'mods': ''},"
                + " {'name': 'n', 'type': 'int', 'mods': ''}, {'name': 'b', 'type': 'bool', 'mods': ''}],"
                + " 'primary_key': 'id', 'foreign_keys': null}}");
        insert(t, "{'id': 1, 's': 'seed', 'n': 1, 'b': true}").expect(200);
        return t;
    }

    private static void namesNoInternals(Response r) {
        String text = r.raw();
        for (String internal : List.of("Exception", "com.fasterxml", "java.", "org.pyql", "Jackson", "`")) {
            assertFalse(text.contains(internal), "the error names an internal (" + internal + "): " + r.describe());
        }
    }

    private Response postRaw(String path, byte[] body) {
        return admin.send("POST", path, body, "application/json");
    }

    // ---------------------------------------------------------------- JSON limits

    @Test
    void deeplyNestedJsonIsA400() {
        String t = table();
        String deep = "{\"id\": 2, \"s\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
        Response r = expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/insert"), deep), t);
        assertEquals("JSON body exceeds a limit", r.error());
        assertTrue(r.json().get("detail").textValue().contains("nested deeper than 64 levels"), r.describe());
        namesNoInternals(r);
        // 64 levels are fine and come back as sent
        String ok = "[".repeat(63) + "1" + "]".repeat(63);
        insert(t, "{\"id\": 3, \"s\": " + ok + "}").expect(200);
        assertEquals(Json.parse(ok), admin.get(tablePath(t, "/3")).expect(200).data().get(0).get("s"));
    }

    @Test
    void deepNestingInAWhereIsA400Too() {
        String t = table();
        Response r = expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/select"),
                "{\"select\": [\"*\"], \"where\": {\"s\": " + "{\"a\":".repeat(3000) + "1" + "}".repeat(3000) + "}}"), t);
        namesNoInternals(r);
    }

    @Test
    void aVeryLongStringIsA400() {
        String t = table();
        String huge = "{\"id\": 2, \"s\": \"" + "x".repeat(8 * 1024 * 1024 + 1) + "\"}";
        Response r = expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/insert"), huge), t);
        assertTrue(r.json().get("detail").textValue().contains("a string longer than"), r.describe());
        namesNoInternals(r);
    }

    // ---------------------------------------------------------------- strict UTF-8 and surrogates

    private static byte[] insertWithRawString(byte... inner) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("{\"id\": 2, \"s\": \"a".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(inner);
        b.writeBytes("b\"}".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    @Test
    void invalidUtf8IsRefusedNotRewritten() {
        String t = table();
        List<byte[]> bad = List.of(
                new byte[] {(byte) 0xC0, (byte) 0xA7},                           // overlong ' (was stored as a quote)
                new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xA7},              // overlong, three bytes
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},              // an encoded surrogate (was '?')
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF (was '?')
                new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0xE2, (byte) 0x98});                          // truncated
        for (byte[] b : bad) {
            Response r = expectErrorUnchanged(400, () -> postRaw(tablePath(t, "/insert"), insertWithRawString(b)), t);
            assertEquals("invalid UTF-8 in request body", r.error());
        }
        // the same characters, well encoded, are stored and read back exactly
        postRaw(tablePath(t, "/insert"), insertWithRawString("'☃😀".getBytes(StandardCharsets.UTF_8))).expect(200);
        assertEquals("a'☃😀b", admin.get(tablePath(t, "/2")).expect(200).data().get(0).get("s").textValue());
    }

    @Test
    void loneSurrogatesAreRefused() {
        String t = table();
        for (String body : List.of("{\"id\": 2, \"s\": \"\\ud800\"}", "{\"id\": 2, \"s\": \"x\\udfffy\"}",
                "{\"id\": 2, \"s\": {\"k\": [\"\\ud83d\"]}}")) {
            Response r = expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/insert"), body), t);
            assertEquals("invalid string in JSON body", r.error());
        }
        expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/update"),
                "{\"set\": {\"s\": \"\\udc00\"}, \"where\": {\"id\": 1}}"), t);
        insert(t, "{\"id\": 2, \"s\": \"\\ud83d\\ude00\"}").expect(200);
        assertEquals("😀", admin.get(tablePath(t, "/2")).expect(200).data().get(0).get("s").textValue(), "a pair is fine");
    }

    // ---------------------------------------------------------------- values that must not change

    @Test
    void stringsThatLookLikeJsonComeBackAsStrings() {
        String t = table();
        List<String> strings = List.of("{\"a\": 1}", "[1,2]", "[]", "{}", "{not json", "\uFEFF[1]");
        for (int i = 0; i < strings.size(); i++) {
            insert(t, "{\"id\": " + (10 + i) + ", \"s\": " + Json.write(strings.get(i)) + "}").expect(200);
        }
        insert(t, "{\"id\": 20, \"s\": {\"b\": [1, 2], \"a\": {\"c\": null}}}").expect(200);
        insert(t, "{\"id\": 21, \"s\": [1, \"two\", {\"x\": true}]}").expect(200);
        for (int i = 0; i < strings.size(); i++) {
            JsonNode got = admin.get(tablePath(t, "/" + (10 + i))).expect(200).data().get(0).get("s");
            assertTrue(got.isTextual(), strings.get(i) + " came back as " + got);
            assertEquals(strings.get(i), got.textValue());
            assertEquals(List.of((long) 10 + i), longs(selectOk(t, "{\"select\": [\"id\"], \"where\": {\"s\": "
                    + Json.write(strings.get(i)) + "}}"), "id"), "equality on " + strings.get(i));
        }
        assertEquals(Json.parse("{'a': {'c': null}, 'b': [1, 2]}"), admin.get(tablePath(t, "/20")).expect(200).data().get(0).get("s"));
        assertEquals(Json.parse("[1, 'two', {'x': true}]"), admin.get(tablePath(t, "/21")).expect(200).data().get(0).get("s"));
        assertEquals(List.of(20L), longs(selectOk(t, "{\"select\": [\"id\"], \"where\": {\"s\": {\"a\": {\"c\": null}, \"b\": [1, 2]}}}"), "id"));
        // JSON text written by other tools (the original, direct SQL) still reads back parsed
        executeDirect("INSERT INTO " + (backend() == Backend.MYSQL ? "`" + t + "`" : "\"" + t + "\"")
                + " (id, s) VALUES (30, '{\"legacy\": [1, 2]}')");
        assertEquals(Json.parse("{'legacy': [1, 2]}"), admin.get(tablePath(t, "/30")).expect(200).data().get(0).get("s"));
    }

    @Test
    void likeWildcardIsOnlyTheStar() {
        String t = table();
        List<String> vals = List.of("100%", "1000", "a_b", "axb", "A_B", "bang!", "bang");
        for (int i = 0; i < vals.size(); i++) insert(t, "{\"id\": " + (10 + i) + ", \"s\": " + Json.write(vals.get(i)) + "}").expect(200);
        assertEquals(List.of("100%"), like(t, "100%"), "% matches itself");
        assertEquals(List.of("a_b", "A_B"), like(t, "a_b"), "_ matches itself (like ignores case)");
        assertEquals(List.of("bang!"), like(t, "bang!"));
        assertEquals(List.of("100%", "1000"), like(t, "10*"));
        assertEquals(List.of("a_b", "axb", "A_B"), like(t, "a*b"));
        assertEquals(List.of("seed", "1000", "axb", "bang"), notLike(t, "*%*", "*_*", "*!*"));
    }

    private List<String> like(String t, String pattern) {
        return texts(selectOk(t, "{\"select\": [\"s\"], \"where\": [[\"s\", \"like\", " + Json.write(pattern) + "]]}"), "s");
    }

    private List<String> notLike(String t, String... patterns) {
        List<String> conditions = new ArrayList<>();
        for (String p : patterns) conditions.add("[\"s\", \"not like\", " + Json.write(p) + "]");
        return texts(selectOk(t, "{\"select\": [\"s\"], \"where\": [" + String.join(", ", conditions) + "]}"), "s");
    }

    @Test
    void numericAndBooleanStringsAreParsedExactlyOrRefused() {
        String t = table();
        insert(t, "{\"id\": \"2\", \"s\": 12, \"n\": \"-12\", \"b\": \"TRUE\"}").expect(200);
        assertEquals(Json.parse("[{'id': 2, 's': '12', 'n': -12, 'b': true}]"), admin.get(tablePath(t, "/2")).expect(200).data());
        for (String bad : List.of("{\"id\": 3, \"n\": \"12.0\"}", "{\"id\": 3, \"n\": \" 12\"}", "{\"id\": 3, \"n\": \"1e3\"}",
                "{\"id\": 3, \"n\": \"0x10\"}", "{\"id\": 3, \"b\": \"yes\"}", "{\"id\": 3, \"b\": \"1\"}", "{\"id\": 3, \"b\": 2}")) {
            Response r = expectErrorUnchanged(400, () -> insert(t, bad), t);
            assertTrue(r.error().startsWith("invalid value for column"), r.describe());
        }
    }

    // ---------------------------------------------------------------- names, sizes, definitions

    @Test
    void reservedTableNamesAreRefusedAndInternalTablesAreNotAddressable() {
        for (String name : List.of("sqlite_x", "SQLITE_stat9", "_pyql_log", "_PYQL_state")) {
            String def = "{'" + name + "': {'columns': [{'name': 'id', 'type': 'int', 'mods': ''}], 'primary_key': 'id', 'foreign_keys': null}}";
            Response r = expectErrorUnchanged(400, () -> admin.post(dbPath("table/create"), Json.parse(def)));
            assertEquals("invalid table name '" + name + "'", r.error());
            expectErrorUnchanged(400, () -> admin.post(dbPath("table/" + name + "/create"), Json.parse(def)));
            assertFalse(tableExistsInDatabase(name), name);
        }
        for (String internal : List.of("sqlite_master", "sqlite_sequence", "_pyql_anything")) {
            expectErrorUnchanged(404, () -> admin.get(tablePath(internal, "")));
            expectErrorUnchanged(404, () -> admin.get(tablePath(internal, "/config")));
            expectErrorUnchanged(404, () -> select(internal, "{'select': ['*']}"));
            expectErrorUnchanged(404, () -> insert(internal, "{'name': 'x'}"));
        }
        String t = table();
        Response join = expectErrorUnchanged(400, () -> select(t, "{'select': ['*'], 'join': 'sqlite_master'}"), t);
        namesNoInternals(join);
    }

    private static String wide(String name, int columns) {
        StringBuilder c = new StringBuilder();
        for (int i = 0; i < columns; i++) c.append(i == 0 ? "" : ",").append("{\"name\": \"c").append(i).append("\", \"type\": \"int\", \"mods\": \"\"}");
        return "{\"" + name + "\": {\"columns\": [" + c + "], \"primary_key\": \"c0\", \"foreign_keys\": null}}";
    }

    @Test
    void tooManyColumnsIsA400BeforeTheDatabase() {
        String t = uniqueTable("wide");
        Response r = expectErrorUnchanged(400, () -> admin.post(dbPath("table/create"), wide(t, 3000)));
        assertEquals("too many columns in table " + t, r.error());
        assertFalse(tableExistsInDatabase(t));
        String ok = uniqueTable("wide");
        createTables(wide(ok, 256));
        insert(ok, "{\"c0\": 1, \"c255\": 255}").expect(200);
        assertEquals(255, admin.get(tablePath(ok, "/1")).expect(200).data().get(0).get("c255").asInt());
    }

    private static String conditions(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) b.append(i == 0 ? "" : ",").append("[\"n\", \"!=\", ").append(i + 100).append("]");
        return "[" + b + "]";
    }

    private static String numbers(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) b.append(i == 0 ? "" : ",").append(i);
        return "[" + b + "]";
    }

    @Test
    void tooManyConditionsOrInValuesIsA400() {
        String t = table();
        Response r = expectErrorUnchanged(400, () -> select(t, "{\"select\": [\"id\"], \"where\": " + conditions(3000) + "}"), t);
        assertEquals("too many conditions in a where", r.error());
        expectErrorUnchanged(400, () -> deleteWhere(t, "{\"where\": " + conditions(3000) + "}"), t);
        expectErrorUnchanged(400, () -> update(t, "{\"set\": {\"s\": \"x\"}, \"where\": " + conditions(3000) + "}"), t);
        expectErrorUnchanged(400, () -> select(t, "{\"select\": [\"id\"], \"where\": [[\"id\", \"in\", " + numbers(1001) + "]]}"), t);
        // the limits themselves run on the database
        assertEquals(1, selectOk(t, "{\"select\": [\"id\"], \"where\": " + conditions(256) + "}").size());
        assertEquals(1, selectOk(t, "{\"select\": [\"id\"], \"where\": [[\"id\", \"in\", " + numbers(1000) + "]]}").size());
    }

    @Test
    void aForeignKeyMustReferenceAKeyOrUniqueColumn() {
        String parent = uniqueTable("fkparent");
        createTables("{'" + parent + "': {'columns': [{'name': 'id', 'type': 'int', 'mods': ''}, {'name': 'code', 'type': 'int', 'mods': 'UNIQUE'},"
                + " {'name': 'label', 'type': 'str', 'mods': ''}], 'primary_key': 'id', 'foreign_keys': null}}");
        insert(parent, "{'id': 1, 'code': 10, 'label': 'one'}").expect(200);
        for (String ref : List.of("label", "nope")) {
            String child = uniqueTable("fkchild");
            Response r = expectErrorUnchanged(400, () -> admin.post(dbPath("table/create"), Json.parse("{'" + child
                    + "': {'columns': [{'name': 'id', 'type': 'int', 'mods': ''}, {'name': 'p', 'type': 'str', 'mods': ''}],"
                    + " 'primary_key': 'id', 'foreign_keys': {'p': {'table': '" + parent + "', 'ref': '" + ref + "', 'mods': ''}}}}")), parent);
            assertTrue(r.error().contains("which is not its primary key or a UNIQUE column"), r.describe());
            assertFalse(tableExistsInDatabase(child));
        }
        // a body that defines both: the parent's plain column is refused as well
        String p2 = uniqueTable("fkparent");
        String c2 = uniqueTable("fkchild");
        expectErrorUnchanged(400, () -> admin.post(dbPath("table/create"), Json.parse("{'" + p2 + "': {'columns': [{'name': 'id', 'type': 'int'},"
                + " {'name': 'x', 'type': 'int'}], 'primary_key': 'id'}, '" + c2 + "': {'columns': [{'name': 'id', 'type': 'int'},"
                + " {'name': 'p', 'type': 'int'}], 'primary_key': 'id', 'foreign_keys': {'p': {'table': '" + p2 + "', 'ref': 'x'}}}}")));
        assertFalse(tableExistsInDatabase(p2));
        // the primary key and a UNIQUE column work, and inserts into the child then work (no 500 "foreign key mismatch")
        for (String ref : List.of("id", "code")) {
            String child = uniqueTable("fkchild");
            createTables("{'" + child + "': {'columns': [{'name': 'id', 'type': 'int', 'mods': ''}, {'name': 'p', 'type': 'int', 'mods': ''}],"
                    + " 'primary_key': 'id', 'foreign_keys': {'p': {'table': '" + parent + "', 'ref': '" + ref + "', 'mods': ''}}}}");
            insert(child, "{'id': 1, 'p': " + (ref.equals("id") ? 1 : 10) + "}").expect(200);
            expectErrorUnchanged(409, () -> insert(child, "{'id': 2, 'p': 999}"), child);
        }
    }

    // ---------------------------------------------------------------- credentials

    @Test
    void basicWithTrailingGarbageIsA401() {
        String good = PyqlClient.basic("admin", org.pyql.e2e.harness.SharedEndpoint.ADMIN_PASSWORD);
        for (String header : List.of(good + "!garbage", good.replace("=", "") + "====", good + " extra")) {
            Response r = endpoint.node().client().withHeader("Authentication", "Basic " + header).get(dbPath("tables"));
            r.expect(401);
            assertEquals("malformed Basic credentials", r.error(), header);
        }
        endpoint.node().client().withHeader("Authentication", "Basic " + good).get(dbPath("tables")).expect(200);
    }
}
