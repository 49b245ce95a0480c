package org.pyql.e2e.endpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.PyqlClient.Response;

/**
 * Writes and values: the insert/update/delete and primary key routes, the §6.1 write scenario, value round trips
 * (JSON in str columns, bools, blobs, nulls, numbers, awkward strings) and every write error class, each checked to
 * have changed nothing. Every test uses its own tables.
 */
abstract class ValueAndWriteCases extends EndpointTestBase {

    /** id int PK (auto increment), s str, n int, f float, b bool. */
    private String simpleTable() {
        String t = uniqueTable("vw");
        createTables("{'" + t + "': {'columns': [{'name': 'id', 'type': 'int', 'mods': 'NOT NULL " + backend().autoIncrement + "'},"
                + " {'name': 's', 'type': 'str', 'mods': ''}, {'name': 'n', 'type': 'int', 'mods': ''},"
                + " {'name': 'f', 'type': 'float', 'mods': ''}, {'name': 'b', 'type': 'bool', 'mods': ''}],"
                + " 'primary_key': 'id', 'foreign_keys': null}}");
        return t;
    }

    // ------------------------------------------------------------------ routes and response shapes

    @Test
    void everyInsertRouteAddsRows() {
        String t = simpleTable();
        Response post = admin.post(tablePath(t, ""), Json.parse("{'s': 'post'}")).expect(200);
        assertEquals(Json.parse("{'message': 'items added', 'rows': 1}"), post.json());
        admin.put(tablePath(t, ""), Json.parse("{'s': 'put'}")).expect(200);
        insert(t, "{'s': 'insert'}").expect(200);
        assertEquals(Json.parse("{'message': 'items added', 'rows': 3}"),
                insert(t, "[{'s': 'bulk1'}, {'s': 'bulk2', 'n': 2}, {'s': 'bulk3'}]").expect(200).json());
        admin.put(tablePath(t, ""), Json.parse("[{'s': 'putbulk1'}, {'s': 'putbulk2'}]")).expect(200);
        ArrayNode rows = allRows(t);
        assertEquals(List.of("post", "put", "insert", "bulk1", "bulk2", "bulk3", "putbulk1", "putbulk2"), texts(rows, "s"));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), longs(rows, "id"), "auto increment keys in PK order");
        assertEquals(2, rows.get(4).get("n").asInt());
        assertTrue(rows.get(3).get("n").isNull(), "an omitted column is null");
    }

    @Test
    void updateAndDeleteReportChangedRows() {
        String t = simpleTable();
        insert(t, "[{'s': 'a', 'n': 1}, {'s': 'b', 'n': 2}, {'s': 'c', 'n': 3}, {'s': 'd', 'n': 4}]").expect(200);
        assertEquals(Json.parse("{'message': 'OK', 'rows': 2}"),
                update(t, "{'set': {'s': 'big'}, 'where': [['n', '>', 2]]}").expect(200).json());
        assertEquals(Json.parse("{'message': 'OK', 'rows': 0}"),
                update(t, "{'set': {'s': 'none'}, 'where': {'n': 99}}").expect(200).json());
        assertEquals(List.of("a", "b", "big", "big"), texts(allRows(t), "s"));
        assertEquals(Json.parse("{'message': 'OK', 'rows': 2}"),
                deleteWhere(t, "{'where': [['s', '=', 'big']]}").expect(200).json());
        assertEquals(Json.parse("{'message': 'OK', 'rows': 0}"), deleteWhere(t, "{'where': {'n': 99}}").expect(200).json());
        assertEquals(1, deleteWhere(t, "{'where': [['n', 'in', [1]], {'s': 'a'}]}").expect(200).rows());
        assertEquals(List.of("b"), texts(allRows(t), "s"));
    }

    @Test
    void primaryKeyRoutesGetUpdateDelete() {
        String t = simpleTable();
        insert(t, "[{'s': 'one', 'n': 1}, {'s': 'two', 'n': 2}]").expect(200);
        assertEquals(Json.parse("[{'id': 1, 's': 'one', 'n': 1, 'f': null, 'b': null}]"),
                admin.get(tablePath(t, "/1")).expect(200).data());
        assertEquals(Json.parse("{'message': 'OK', 'rows': 1}"),
                admin.post(tablePath(t, "/1"), Json.parse("{'s': 'uno', 'f': 1.5}")).expect(200).json());
        assertEquals(Json.parse("[{'id': 1, 's': 'uno', 'n': 1, 'f': 1.5, 'b': null}]"),
                admin.get(tablePath(t, "/1")).expect(200).data());
        assertEquals(Json.parse("{'message': 'OK', 'rows': 1}"), admin.delete(tablePath(t, "/2")).expect(200).json());
        assertEquals("row not found", admin.get(tablePath(t, "/2")).expect(404).error());
        // a missing row: 404 on all three, nothing changes
        expectErrorUnchanged(404, () -> admin.get(tablePath(t, "/42")), t);
        expectErrorUnchanged(404, () -> admin.post(tablePath(t, "/42"), Json.parse("{'s': 'x'}")), t);
        expectErrorUnchanged(404, () -> admin.delete(tablePath(t, "/42")), t);
        // a key that is not an int for an int key
        expectErrorUnchanged(400, () -> admin.get(tablePath(t, "/abc")), t);
        expectErrorUnchanged(400, () -> admin.delete(tablePath(t, "/abc")), t);
        // a bad update body by key
        expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/1"), Json.parse("{'nope': 1}")), t);
        expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/1"), Json.parse("{}")), t);
        expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/1"), Json.parse("{'n': 'abc'}")), t);
        expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/1"), "{'s': "), t);
        assertEquals(1, allRows(t).size());
    }

    @Test
    void stringPrimaryKeysIncludingAwkwardOnes() {
        String t = uniqueTable("vwkey");
        createTables(SeedData.keystoreConfig(t));
        String longKey = "k".repeat(40) + "-longer-than-the-originals-36";
        List<String> keys = List.of("plain", "with space", "slash/inside", "ümlaut-☃", "quote'key", longKey);
        for (String k : keys) insert(t, "{'env': " + Json.write(k) + ", 'val': " + Json.write("v-" + k) + "}").expect(200);
        for (String k : keys) {
            String enc = URLEncoder.encode(k, StandardCharsets.UTF_8).replace("+", "%20");
            ArrayNode row = admin.get(tablePath(t, "/" + enc)).expect(200).data();
            assertEquals(1, row.size());
            assertEquals(k, row.get(0).get("env").asText());
            assertEquals("v-" + k, row.get(0).get("val").asText());
        }
        admin.post(tablePath(t, "/with%20space"), Json.parse("{'val': 'changed'}")).expect(200);
        assertEquals("changed", admin.get(tablePath(t, "/with%20space")).expect(200).data().get(0).get("val").asText());
        admin.delete(tablePath(t, "/quote'key")).expect(200);
        assertEquals(keys.size() - 1, allRows(t).size());
    }

    // ------------------------------------------------------------------ the §6.1 write steps and §2.8 write examples

    @Test
    void stocksWriteScenarioOfTheUpstreamTest() {
        String t = uniqueTable("stocks");
        createTables(SeedData.stocksConfig(t, backend()));
        insert(t, Json.write(SeedData.trade1())).expect(200);
        admin.post(tablePath(t, ""), SeedData.trade2Partial()).expect(200);
        assertTrue(longs(selectOk(t, "{'select': ['*'], 'where': {'qty': null}}"), "order_num").contains(2L));
        assertEquals(Json.parse("[{'symbol': 'RHAT'}]"), selectOk(t, "{'select': ['symbol'], 'where': {'symbol': 'RHAT'}}"));
        assertEquals(Json.parse("[{'order_num': 1, 'symbol': 'RHAT'}]"),
                selectOk(t, "{'select': ['order_num', 'symbol'], 'where': {'symbol': 'RHAT'}}"));

        // step 9: update matching on JSON equality (the stored object, sent with another key order)
        assertEquals(1, update(t, "{'set': {'symbol': 'NTAP', 'trans': {'type': 'SELL'}, 'after_hours': false, 'qty': 101},"
                + " 'where': {'order_num': 1, 'after_hours': true, 'trans': " + SeedData.TRADE_TRANS_REORDERED + "}}").expect(200).rows());
        JsonNode row1 = admin.get(tablePath(t, "/1")).expect(200).data().get(0);
        assertEquals("SELL", row1.get("trans").get("type").asText());
        assertFalse(row1.get("after_hours").booleanValue());
        assertEquals(101, row1.get("qty").asInt());
        // step 10: update by key
        admin.post(tablePath(t, "/1"), Json.parse("{'symbol': 'NTNX', 'trans': {'type': 'BUY'}}")).expect(200);
        row1 = admin.get(tablePath(t, "/1")).expect(200).data().get(0);
        assertEquals("NTNX", row1.get("symbol").asText());
        assertEquals(Json.parse("{'type': 'BUY'}"), row1.get("trans"));
        // step 11: set null, then find it with a null in the where
        assertEquals(1, update(t, "{'set': {'symbol': null}, 'where': {'qty': 101}}").expect(200).rows());
        assertEquals(List.of(1L), longs(selectOk(t, "{'select': ['*'], 'where': {'qty': 101, 'symbol': null}}"), "order_num"));
        // step 12: delete with a bool in the where
        assertEquals(1, deleteWhere(t, "{'where': {'order_num': 1, 'after_hours': false}}").expect(200).rows());
        admin.get(tablePath(t, "/1")).expect(404);
        assertTrue(listedTables().contains(t));
        // expected final state: the README's sample row
        assertEquals(Json.parse("[" + Json.write(SeedData.trade2Full()) + "]"), allRows(t));

        // §2.8 write examples
        insert(t, "[{'order_num': 3, 'symbol': 'NTAP', 'price': 30.0}, {'order_num': 4, 'symbol': 'A'},"
                + " {'order_num': 5, 'symbol': 'B'}, {'order_num': 6, 'symbol': 'C'}, {'order_num': 7, 'symbol': 'D'},"
                + " {'order_num': 8, 'symbol': 'E'}]").expect(200);
        assertEquals(1, update(t, "{'set': {'price': 32.12}, 'where': {'symbol': 'NTAP'}}").expect(200).rows());
        assertEquals(2, update(t, "{'set': {'symbol': 'W'}, 'where': [['order_num', '>', 6]]}").expect(200).rows());
        admin.post(tablePath(t, "/3"), Json.parse("{'price': 11.5, 'symbol': 'KEYUPD'}")).expect(200);
        assertEquals(1, deleteWhere(t, "{'where': {'order_num': 8}}").expect(200).rows());
        assertEquals(2, deleteWhere(t, "{'where': [['order_num', 'in', [5, 6]]]}").expect(200).rows());
        ArrayNode rows = allRows(t);
        assertEquals(List.of(2L, 3L, 4L, 7L), longs(rows, "order_num"));
        assertEquals(List.of("KEYUPD", "A", "W"), texts(rows, "symbol").subList(1, 4));
        assertEquals(11.5, rows.get(1).get("price").doubleValue(), 0.0);
    }

    // ------------------------------------------------------------------ values

    @Test
    void jsonInStrColumnsRoundTrips() {
        String t = simpleTable();
        List<String> values = List.of(
                "{'type': 'BUY', 'condition': {'limit': '36.00', 'time': 'EndOfTradingDay'}}",
                "{'nested': {'deeper': {'list': [1, 2.5, 'x', null, true, {'k': 'v'}]}}, 'quote': \"it's\"}",
                "['a', 'b']",
                "[1, 2]",
                "{}",
                "[]",
                "{'unicode': 'naïve ☃ 😀', 'brace': '}'}");
        for (String v : values) insert(t, "{'s': " + v + "}").expect(200);
        ArrayNode rows = allRows(t);
        for (int i = 0; i < values.size(); i++) {
            assertEquals(Json.parse(values.get(i)), rows.get(i).get("s"), "round trip of " + values.get(i));
        }
        // equality on JSON is by value, not by text: other key order, other spacing
        assertEquals(List.of(1L), longs(selectOk(t, "{'select': ['id'], 'where': {'s': " + SeedData.TRADE_TRANS_REORDERED + "}}"), "id"));
        assertEquals(List.of(3L), longs(selectOk(t, "{'select': ['id'], 'where': {'s': ['a', 'b']}}"), "id"));
        assertEquals(List.of(4L), longs(selectOk(t, "{'select': ['id'], 'where': [['s', '=', [1, 2]]]}"), "id"));
        assertEquals(0, selectOk(t, "{'select': ['id'], 'where': {'s': ['b', 'a']}}").size(), "array order matters");
        // update sets JSON, and a where with JSON finds it again
        assertEquals(1, update(t, "{'set': {'s': {'z': 1, 'a': {'y': 2, 'b': 3}}}, 'where': {'s': {}}}").expect(200).rows());
        assertEquals(List.of(5L), longs(selectOk(t, "{'select': ['id'], 'where': {'s': {'a': {'b': 3, 'y': 2}, 'z': 1}}}"), "id"));
        assertEquals(Json.parse("{'z': 1, 'a': {'y': 2, 'b': 3}}"), admin.get(tablePath(t, "/5")).expect(200).data().get(0).get("s"));
    }

    @Test
    void stringsWithQuotesSemicolonsBracesAndUnicodeRoundTrip() {
        String t = simpleTable();
        List<String> values = List.of("He said \"hi\"", "it's", "a;b;", "}", "{", "x } y", "-- comment", "back\\slash",
                "naïve ☃ 😀", "%_*", "  padded  ", "", "line\nbreak", "tab\there", "null", "true", "123");
        ArrayNode body = Json.array();
        values.forEach(v -> body.addObject().put("s", v));
        insert(t, Json.write(body)).expect(200);
        ArrayNode rows = allRows(t);
        for (int i = 0; i < values.size(); i++) {
            JsonNode got = rows.get(i).get("s");
            assertTrue(got.isTextual(), "a string stays a string: " + values.get(i) + " -> " + got);
            assertEquals(values.get(i), got.textValue());
            ObjectNode where = Json.object();
            where.putArray("select").add("id");
            where.putObject("where").put("s", values.get(i));
            assertEquals(List.of((long) i + 1), longs(select(t, Json.write(where)).expect(200).data(), "id"),
                    "equality on " + values.get(i));
        }
    }

    @Test
    void boolsAreTrueFalseOrNull() {
        String t = simpleTable();
        insert(t, "[{'s': 't', 'b': true}, {'s': 'f', 'b': false}, {'s': 'n', 'b': null}, {'s': 'omitted'},"
                + " {'s': 'T', 'b': 'true'}, {'s': 'F', 'b': 'false'}, {'s': 'one', 'b': 1}, {'s': 'zero', 'b': 0}]").expect(200);
        List<JsonNode> got = column(allRows(t), "b");
        List<JsonNode> want = new ArrayList<>();
        for (String v : List.of("true", "false", "null", "null", "true", "false", "true", "false")) want.add(Json.parse(v));
        assertEquals(want, got);
        assertEquals(List.of("t", "T", "one"), texts(selectOk(t, "{'select': ['s'], 'where': {'b': true}}"), "s"));
        assertEquals(List.of("f", "F", "zero"), texts(selectOk(t, "{'select': ['s'], 'where': [['b', '=', false]]}"), "s"));
        assertEquals(List.of("n", "omitted"), texts(selectOk(t, "{'select': ['s'], 'where': {'b': null}}"), "s"));
        assertEquals(6, selectOk(t, "{'select': ['s'], 'where': [['b', '!=', null]]}").size());
        // update to null and back
        update(t, "{'set': {'b': null}, 'where': {'s': 't'}}").expect(200);
        assertTrue(admin.get(tablePath(t, "/1")).expect(200).data().get(0).get("b").isNull());
        expectErrorUnchanged(400, () -> insert(t, "{'s': 'bad', 'b': 'maybe'}"), t);
        expectErrorUnchanged(400, () -> insert(t, "{'s': 'bad', 'b': {'x': 1}}"), t);
        expectErrorUnchanged(400, () -> update(t, "{'set': {'b': 'maybe'}, 'where': {'s': 'f'}}"), t);
        expectErrorUnchanged(400, () -> select(t, "{'select': ['s'], 'where': {'b': 'maybe'}}"), t);
    }

    @Test
    void blobsRoundTripAsBase64() {
        String t = uniqueTable("vwblob");
        createTables("{'" + t + "': {'columns': [{'name': 'id', 'type': 'int', 'mods': ''},"
                + " {'name': 'data', 'type': 'blob', 'mods': ''}], 'primary_key': 'id', 'foreign_keys': null}}");
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) all[i] = (byte) i;
        byte[] big = new byte[100_000];
        new java.util.Random(42).nextBytes(big);
        String allB64 = Base64.getEncoder().encodeToString(all);
        insert(t, "[{'id': 1, 'data': '" + allB64 + "'}, {'id': 2, 'data': ''}, {'id': 3, 'data': null},"
                + " {'id': 4, 'data': '" + Base64.getEncoder().encodeToString(big) + "'}]").expect(200);
        ArrayNode rows = allRows(t);
        assertArrayEquals(all, Base64.getDecoder().decode(rows.get(0).get("data").textValue()));
        assertEquals("", rows.get(1).get("data").textValue());
        assertTrue(rows.get(2).get("data").isNull());
        assertArrayEquals(big, Base64.getDecoder().decode(rows.get(3).get("data").textValue()));
        assertEquals(List.of(1L), longs(selectOk(t, "{'select': ['id'], 'where': {'data': '" + allB64 + "'}}"), "id"));
        String small = Base64.getEncoder().encodeToString(new byte[] {0, -1, 0});
        admin.post(tablePath(t, "/2"), Json.parse("{'data': '" + small + "'}")).expect(200);
        assertEquals(small, admin.get(tablePath(t, "/2")).expect(200).data().get(0).get("data").textValue());
        expectErrorUnchanged(400, () -> insert(t, "{'id': 9, 'data': 'not base64!!'}"), t);
        expectErrorUnchanged(400, () -> insert(t, "{'id': 9, 'data': 12}"), t);
        expectErrorUnchanged(400, () -> update(t, "{'set': {'data': '%%%'}, 'where': {'id': 1}}"), t);
        // the config reports the type as given
        JsonNode cols = admin.get(tablePath(t, "/config")).expect(200).json().get(t).get("columns");
        assertEquals("blob", cols.get(1).get("type").asText());
    }

    @Test
    void nullsInEveryTypeAndSetToNull() {
        String t = simpleTable();
        insert(t, "{'s': null, 'n': null, 'f': null, 'b': null}").expect(200);
        insert(t, "{'s': 'x', 'n': 5, 'f': 2.5, 'b': true}").expect(200);
        assertEquals(Json.parse("{'id': 1, 's': null, 'n': null, 'f': null, 'b': null}"), allRows(t).get(0));
        // null can be set on int, float, bool and str columns (the original could only on str)
        assertEquals(1, update(t, "{'set': {'s': null, 'n': null, 'f': null, 'b': null}, 'where': {'id': 2}}").expect(200).rows());
        assertEquals(Json.parse("{'id': 2, 's': null, 'n': null, 'f': null, 'b': null}"), allRows(t).get(1));
        assertEquals(2, selectOk(t, "{'select': ['id'], 'where': {'n': null, 'f': null, 's': null}}").size());
        assertEquals(2, deleteWhere(t, "{'where': [['n', '=', null]]}").expect(200).rows());
    }

    @Test
    void numbersKeepTheirType() {
        String t = simpleTable();
        insert(t, "[{'n': 7, 'f': 10}, {'n': '7001', 'f': '2.5'}, {'n': 9007199254740993, 'f': 0.1},"
                + " {'n': -42, 'f': -1.5e10}, {'n': 0, 'f': 0}]").expect(200);
        ArrayNode rows = allRows(t);
        assertTrue(rows.get(0).get("n").isIntegralNumber());
        assertEquals(10.0, rows.get(0).get("f").doubleValue(), 0.0);
        assertEquals(7001, rows.get(1).get("n").longValue(), "a numeric string for an int");
        assertEquals(2.5, rows.get(1).get("f").doubleValue(), 0.0);
        assertEquals(9007199254740993L, rows.get(2).get("n").longValue(), "64-bit ints are exact");
        assertEquals(0.1, rows.get(2).get("f").doubleValue(), 0.0);
        assertEquals(-42, rows.get(3).get("n").longValue());
        assertEquals(-1.5e10, rows.get(3).get("f").doubleValue(), 0.0);
        assertEquals(List.of(3L), longs(selectOk(t, "{'select': ['id'], 'where': {'n': 9007199254740993}}"), "id"));
        // lossy or invalid numbers are refused, not silently changed
        expectErrorUnchanged(400, () -> insert(t, "{'n': 6001.9}"), t);
        expectErrorUnchanged(400, () -> insert(t, "{'n': 'abc'}"), t);
        expectErrorUnchanged(400, () -> insert(t, "{'n': 99999999999999999999999}"), t);
        expectErrorUnchanged(400, () -> insert(t, "{'f': 'abc'}"), t);
        expectErrorUnchanged(400, () -> insert(t, "{'n': [1]}"), t);
        expectErrorUnchanged(400, () -> insert(t, "{'f': {'x': 1}}"), t);
    }

    @Test
    void defaultsAndAutoIncrementSpellings() {
        String t = uniqueTable("vwdef");
        String otherSpelling = backend() == Backend.SQLITE ? "AUTO_INCREMENT" : "AUTOINCREMENT";
        createTables("{'" + t + "': {'columns': [{'name': 'id', 'type': 'int', 'mods': '" + otherSpelling + "'},"
                + " {'name': 'status', 'type': 'str', 'mods': \"NOT NULL DEFAULT 'new'\"},"
                + " {'name': 'prio', 'type': 'int', 'mods': 'DEFAULT 5'},"
                + " {'name': 'flag', 'type': 'bool', 'mods': 'DEFAULT FALSE'}], 'primary_key': 'id', 'foreign_keys': null}}");
        insert(t, "[{}, {'status': 'old', 'prio': 1, 'flag': true}]").expect(200);
        assertEquals(Json.parse("[{'id': 1, 'status': 'new', 'prio': 5, 'flag': false},"
                + " {'id': 2, 'status': 'old', 'prio': 1, 'flag': true}]"), allRows(t));
        expectErrorUnchanged(400, () -> insert(t, "{'status': null}"), t);
    }

    // ------------------------------------------------------------------ error classes, each changing nothing

    @Test
    void unknownColumnIs400() {
        String t = simpleTable();
        insert(t, "{'s': 'keep', 'n': 1}").expect(200);
        expectErrorUnchanged(400, () -> insert(t, "{'s': 'x', 'nope': 1}"), t);
        expectErrorUnchanged(400, () -> insert(t, "[{'s': 'ok'}, {'s': 'x', 'nope': 1}]"), t);
        expectErrorUnchanged(400, () -> update(t, "{'set': {'nope': 1}, 'where': {'n': 1}}"), t);
        expectErrorUnchanged(400, () -> update(t, "{'set': {'s': 'y'}, 'where': {'nope': 1}}"), t);
        expectErrorUnchanged(400, () -> update(t, "{'set': {'s': 'y'}, 'where': [['nope', '=', 1]]}"), t);
        expectErrorUnchanged(400, () -> deleteWhere(t, "{'where': {'nope': 1}}"), t);
        expectErrorUnchanged(400, () -> deleteWhere(t, "{'where': [['nope', '>', 0]]}"), t);
        expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/1"), Json.parse("{'nope': 1}")), t);
        expectErrorUnchanged(400, () -> select(t, "{'select': ['nope']}"), t);
    }

    @Test
    void wrongTypeIs400() {
        String t = simpleTable();
        insert(t, "{'s': 'keep', 'n': 1, 'f': 1.0, 'b': true}").expect(200);
        expectErrorUnchanged(400, () -> insert(t, "{'n': 'abc'}"), t);
        expectErrorUnchanged(400, () -> insert(t, "{'f': 'abc'}"), t);
        expectErrorUnchanged(400, () -> insert(t, "{'b': 'maybe'}"), t);
        expectErrorUnchanged(400, () -> update(t, "{'set': {'n': 'abc'}, 'where': {'id': 1}}"), t);
        expectErrorUnchanged(400, () -> update(t, "{'set': {'s': 'y'}, 'where': {'n': 'abc'}}"), t);
        expectErrorUnchanged(400, () -> deleteWhere(t, "{'where': {'n': 'abc'}}"), t);
        expectErrorUnchanged(400, () -> deleteWhere(t, "{'where': [['f', '<', 'abc']]}"), t);
    }

    @Test
    void missingNotNullValueIs400() {
        String t = uniqueTable("vwnn");
        createTables("{'" + t + "': {'columns': [{'name': 'id', 'type': 'int', 'mods': ''},"
                + " {'name': 'req', 'type': 'str', 'mods': 'NOT NULL'}, {'name': 'opt', 'type': 'str', 'mods': ''}],"
                + " 'primary_key': 'id', 'foreign_keys': null}}");
        insert(t, "{'id': 1, 'req': 'r'}").expect(200);
        expectErrorUnchanged(400, () -> insert(t, "{'id': 2, 'opt': 'o'}"), t);
        expectErrorUnchanged(400, () -> insert(t, "{'id': 2, 'req': null}"), t);
        expectErrorUnchanged(400, () -> insert(t, "[{'id': 2, 'req': 'fine'}, {'id': 3}]"), t);
        expectErrorUnchanged(400, () -> update(t, "{'set': {'req': null}, 'where': {'id': 1}}"), t);
        expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/1"), Json.parse("{'req': null}")), t);
    }

    @Test
    void missingValueForAnIntPrimaryKeyWithoutAutoIncrementIs400() {
        String t = uniqueTable("vwpk");
        createTables("{'" + t + "': {'columns': [{'name': 'id', 'type': 'int', 'mods': ''},"
                + " {'name': 'v', 'type': 'str', 'mods': ''}], 'primary_key': 'id', 'foreign_keys': null}}");
        insert(t, "{'id': 1, 'v': 'x'}").expect(200);
        expectErrorUnchanged(400, () -> insert(t, "{'v': 'no key'}"), t);
        expectErrorUnchanged(400, () -> insert(t, "{'id': null, 'v': 'null key'}"), t);
        JsonNode mods = admin.get(tablePath(t, "/config")).expect(200).json().get(t).get("columns").get(0).get("mods");
        assertFalse(mods.asText().toUpperCase().contains("AUTO"), "reported as auto increment: " + mods);
    }

    @Test
    void malformedJsonIs400() {
        String t = simpleTable();
        insert(t, "{'s': 'keep'}").expect(200);
        for (String bad : List.of("{'s': 'x'}", "{\"s\": ", "not json", "[{\"s\": 1},]", "{\"s\": \"a\", \"s\": \"b\"}")) {
            expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/insert"), bad), t);
            expectErrorUnchanged(400, () -> admin.post(tablePath(t, ""), bad), t);
            expectErrorUnchanged(400, () -> admin.put(tablePath(t, ""), bad), t);
            expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/update"), bad), t);
            expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/delete"), bad), t);
            expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/select"), bad), t);
            expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/1"), bad), t);
            expectErrorUnchanged(400, () -> admin.post(dbPath("table/create"), bad), t);
        }
        // an empty body, and bodies of the wrong JSON kind
        expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/insert"), ""), t);
        expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/insert"), "\"a string\""), t);
        expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/insert"), "42"), t);
        expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/insert"), "null"), t);
        expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/update"), "[]"), t);
        expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/delete"), ""), t);
        expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/select"), ""), t);
    }

    @Test
    void trailingContentAfterTheJsonBodyIs400() {
        String t = simpleTable();
        insert(t, "{'s': 'keep'}").expect(200);
        expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/insert"), "{\"s\": \"x\"} trailing"), t);
        expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/insert"), "{\"s\": \"x\"} {\"s\": \"y\"}"), t);
        expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/update"),
                "{\"set\": {\"s\": \"z\"}, \"where\": {\"id\": 1}} x"), t);
    }

    @Test
    void unknownOperatorIs400() {
        String t = simpleTable();
        insert(t, "[{'s': 'a', 'n': 1}, {'s': 'b', 'n': 2}]").expect(200);
        expectErrorUnchanged(400, () -> select(t, "{'select': ['*'], 'where': [['n', '===', 1]]}"), t);
        expectErrorUnchanged(400, () -> update(t, "{'set': {'s': 'x'}, 'where': [['n', 'is', 1]]}"), t);
        expectErrorUnchanged(400, () -> deleteWhere(t, "{'where': [['n', '>>', 0]]}"), t);
        expectErrorUnchanged(400, () -> deleteWhere(t, "{'where': [['n', 'OR', 0]]}"), t);
    }

    @Test
    void updateAndDeleteNeedANonEmptyWhere() {
        String t = simpleTable();
        insert(t, "[{'s': 'a', 'n': 1}, {'s': 'b', 'n': 2}]").expect(200);
        expectErrorUnchanged(400, () -> update(t, "{'set': {'s': 'all'}}"), t);
        expectErrorUnchanged(400, () -> update(t, "{'set': {'s': 'all'}, 'where': {}}"), t);
        expectErrorUnchanged(400, () -> update(t, "{'set': {'s': 'all'}, 'where': []}"), t);
        expectErrorUnchanged(400, () -> update(t, "{'set': {'s': 'all'}, 'where': null}"), t);
        expectErrorUnchanged(400, () -> update(t, "{'where': {'n': 1}}"), t);
        expectErrorUnchanged(400, () -> update(t, "{'set': {}, 'where': {'n': 1}}"), t);
        expectErrorUnchanged(400, () -> deleteWhere(t, "{}"), t);
        expectErrorUnchanged(400, () -> deleteWhere(t, "{'where': {}}"), t);
        expectErrorUnchanged(400, () -> deleteWhere(t, "{'where': []}"), t);
        expectErrorUnchanged(400, () -> deleteWhere(t, "{'where': null}"), t);
        assertEquals(2, allRows(t).size());
    }

    @Test
    void duplicateKeyIs409() {
        String t = uniqueTable("vwdup");
        createTables("{'" + t + "': {'columns': [{'name': 'id', 'type': 'int', 'mods': ''},"
                + " {'name': 'code', 'type': 'str', 'mods': 'UNIQUE'}], 'primary_key': 'id', 'foreign_keys': null}}");
        insert(t, "[{'id': 1, 'code': 'a'}, {'id': 2, 'code': 'b'}]").expect(200);
        Response r = expectErrorUnchanged(409, () -> insert(t, "{'id': 1, 'code': 'c'}"), t);
        assertTrue(r.error().toLowerCase().contains("duplicate"), r.describe());
        expectErrorUnchanged(409, () -> insert(t, "{'id': 3, 'code': 'a'}"), t);
        expectErrorUnchanged(409, () -> admin.post(tablePath(t, ""), Json.parse("{'id': 2, 'code': 'z'}")), t);
        expectErrorUnchanged(409, () -> update(t, "{'set': {'id': 1}, 'where': {'id': 2}}"), t);
        expectErrorUnchanged(409, () -> update(t, "{'set': {'code': 'a'}, 'where': {'id': 2}}"), t);
        expectErrorUnchanged(409, () -> admin.post(tablePath(t, "/2"), Json.parse("{'code': 'a'}")), t);
    }

    @Test
    void foreignKeyViolationsAre409() {
        String p = uniqueTable("vwparent");
        String c = uniqueTable("vwchild");
        createTables("{'" + p + "': {'columns': [{'name': 'id', 'type': 'int', 'mods': ''}], 'primary_key': 'id', 'foreign_keys': null},"
                + " '" + c + "': {'columns': [{'name': 'id', 'type': 'int', 'mods': ''}, {'name': 'pid', 'type': 'int', 'mods': ''}],"
                + " 'primary_key': 'id', 'foreign_keys': {'pid': {'table': '" + p + "', 'ref': 'id', 'mods': 'ON DELETE RESTRICT'}}}}");
        insert(p, "[{'id': 1}, {'id': 2}]").expect(200);
        insert(c, "{'id': 10, 'pid': 1}").expect(200);
        expectErrorUnchanged(409, () -> insert(c, "{'id': 11, 'pid': 99}"), p, c);
        expectErrorUnchanged(409, () -> update(c, "{'set': {'pid': 99}, 'where': {'id': 10}}"), p, c);
        expectErrorUnchanged(409, () -> admin.post(tablePath(c, "/10"), Json.parse("{'pid': 98}")), p, c);
        expectErrorUnchanged(409, () -> deleteWhere(p, "{'where': {'id': 1}}"), p, c);
        expectErrorUnchanged(409, () -> admin.delete(tablePath(p, "/1")), p, c);
        expectErrorUnchanged(409, () -> update(p, "{'set': {'id': 5}, 'where': {'id': 1}}"), p, c);
        // the unreferenced parent can go
        admin.delete(tablePath(p, "/2")).expect(200);
        assertEquals(1, allRows(p).size());
    }

    @Test
    void cascadingForeignKeysDeleteAndUpdateChildren() {
        String prefix = uniqueTable("cas") + "_";
        createTables(SeedData.orgConfig(prefix));
        createTables(SeedData.employeesConfig(prefix));
        insert(prefix + "departments", Json.write(SeedData.departments())).expect(200);
        insert(prefix + "positions", Json.write(SeedData.positions())).expect(200);
        insert(prefix + "employees", Json.write(SeedData.employees())).expect(200);
        // §2.8: DELETE /db/{db}/table/departments/4001 cascades to positions and their employees
        assertEquals(1, admin.delete(tablePath(prefix + "departments", "/4001")).expect(200).rows());
        assertEquals(12, allRows(prefix + "positions").size());
        assertEquals(45, allRows(prefix + "employees").size());
        // §6.1: delete departments with id < 2000 (HR) through a list where
        assertEquals(1, deleteWhere(prefix + "departments", "{'where': [['id', '<', 2000]]}").expect(200).rows());
        assertEquals(30, allRows(prefix + "employees").size());
        assertEquals(0, selectOk(prefix + "employees", "{'select': ['id'], 'where': [['position_id', '<', 200000]]}").size());
        // ON UPDATE CASCADE: renumbering a position moves its employees along
        assertEquals(1, update(prefix + "positions", "{'set': {'id': 999}, 'where': {'id': 200101}}").expect(200).rows());
        assertEquals(List.of(1015L), longs(selectOk(prefix + "employees",
                "{'select': ['id'], 'where': {'position_id': 999}}"), "id"));
    }

    @Test
    void bulkInsertIsAllOrNothing() {
        String t = uniqueTable("vwbulk");
        createTables("{'" + t + "': {'columns': [{'name': 'id', 'type': 'int', 'mods': ''},"
                + " {'name': 'n', 'type': 'int', 'mods': ''}], 'primary_key': 'id', 'foreign_keys': null}}");
        insert(t, "{'id': 1, 'n': 1}").expect(200);
        // refused while validating: a bad value in the middle
        expectErrorUnchanged(400, () -> insert(t, "[{'id': 2}, {'id': 3}, {'id': 4, 'n': 'bad'}, {'id': 5}]"), t);
        // refused by the database in the middle of the batch: a key that clashes with an existing row
        expectErrorUnchanged(409, () -> insert(t, "[{'id': 2}, {'id': 3}, {'id': 1}, {'id': 5}]"), t);
        // ... or with an earlier row of the same request, as the last row
        expectErrorUnchanged(409, () -> insert(t, "[{'id': 6}, {'id': 7}, {'id': 8}, {'id': 6}]"), t);
        // not rows at all
        expectErrorUnchanged(400, () -> insert(t, "[{'id': 2}, 5]"), t);
        expectErrorUnchanged(400, () -> insert(t, "[]"), t);
        // a large bulk insert is one transaction too: 2000 rows, the last one clashes
        ArrayNode many = Json.array();
        for (int i = 100; i < 2100; i++) many.addObject().put("id", i).put("n", i);
        many.addObject().put("id", 100);
        expectErrorUnchanged(409, () -> admin.post(tablePath(t, "/insert"), many), t);
        many.remove(many.size() - 1);
        assertEquals(2000, admin.post(tablePath(t, "/insert"), many).expect(200).rows());
        assertEquals(2001, allRows(t).size());
    }

    @Test
    void bulkInsertIntoChildTableIsAtomicOnForeignKeyFailure() {
        String prefix = uniqueTable("blk") + "_";
        createTables(SeedData.orgConfig(prefix));
        insert(prefix + "departments", "[{'id': 1, 'name': 'A'}]").expect(200);
        expectErrorUnchanged(409, () -> insert(prefix + "positions",
                "[{'id': 1, 'name': 'p1', 'department_id': 1}, {'id': 2, 'name': 'p2', 'department_id': 7},"
                        + " {'id': 3, 'name': 'p3', 'department_id': 1}]"), prefix + "positions", prefix + "departments");
        assertEquals(0, allRows(prefix + "positions").size());
    }

    @Test
    void concurrentWritesAllSucceed() throws Exception {
        String t = simpleTable();
        int threads = 8;
        int perThread = 25;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<List<Integer>>> futures = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                int worker = w;
                futures.add(pool.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        statuses.add(insert(t, "{'s': 'w" + worker + "', 'n': " + i + "}").status());
                        if (i % 5 == 0) {
                            statuses.add(update(t, "{'set': {'f': " + i + "}, 'where': {'s': 'w" + worker + "'}}").status());
                        }
                    }
                    return statuses;
                }));
            }
            for (var f : futures) {
                for (int status : f.get(120, java.util.concurrent.TimeUnit.SECONDS)) assertEquals(200, status);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * perThread, allRows(t).size());
        assertEquals(perThread, selectOk(t, "{'select': ['id'], 'where': {'s': 'w3'}}").size());
    }

    @Test
    void tablesCreatedOutsideTheEndpointAreServed() {
        String t = uniqueTable("ext");
        executeDirect(backend() == Backend.SQLITE
                ? "CREATE TABLE " + t + " (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL, ok BOOLEAN, raw BLOB)"
                : "CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, name VARCHAR(50) NOT NULL, score DOUBLE, ok TINYINT(1),"
                        + " raw LONGBLOB)");
        executeDirect("INSERT INTO " + t + " (id, name, score, ok) VALUES (1, 'outside', 2.5, 1)");
        // the endpoint reads the database's own schema; a table it does not know yet is looked up again
        JsonNode cfg = org.pyql.e2e.harness.Poll.until("table " + t + " served", java.time.Duration.ofSeconds(15), () -> {
            Response r = admin.get(tablePath(t, "/config"));
            return r.status() == 200 ? r.json().get(t) : null;
        });
        List<String> types = new ArrayList<>();
        cfg.get("columns").forEach(c -> types.add(c.get("type").asText()));
        assertEquals(List.of("int", "str", "float", "bool", "blob"), types);
        assertEquals("id", cfg.get("primary_key").asText());
        assertEquals(Json.parse("[{'id': 1, 'name': 'outside', 'score': 2.5, 'ok': true, 'raw': null}]"), allRows(t));
        insert(t, "{'id': 2, 'name': 'inside', 'ok': false, 'raw': 'AAE='}").expect(200);
        expectErrorUnchanged(400, () -> insert(t, "{'id': 3}"), t);
        assertTrue(listedTables().contains(t));
    }

    @Test
    void reservedWordsAsColumnNames() {
        String t = uniqueTable("vwrw");
        createTables("{'" + t + "': {'columns': [{'name': 'select', 'type': 'int', 'mods': ''},"
                + " {'name': 'order', 'type': 'str', 'mods': ''}, {'name': 'group', 'type': 'bool', 'mods': ''},"
                + " {'name': 'key', 'type': 'float', 'mods': ''}], 'primary_key': 'select', 'foreign_keys': null}}");
        insert(t, "[{'select': 1, 'order': 'o', 'group': true, 'key': 1.5}, {'select': 2, 'order': 'p', 'group': false}]").expect(200);
        assertEquals(Json.parse("[{'order': 'p', 'group': false}, {'order': 'o', 'group': true}]"), selectOk(t,
                "{'select': ['order', 'group'], 'where': [['select', '>=', 1]], 'orderby': [['order', 'desc']]}"));
        assertEquals(1, update(t, "{'set': {'order': 'q', 'key': 2.5}, 'where': {'group': true}}").expect(200).rows());
        assertEquals(Json.parse("[{'select': 1, 'order': 'q', 'group': true, 'key': 2.5}]"),
                admin.get(tablePath(t, "/1")).expect(200).data());
        assertEquals(1, deleteWhere(t, "{'where': {'order': 'p'}}").expect(200).rows());
    }

    @Test
    void tableWithoutPrimaryKeyServesWhereRoutesAndRefusesKeyRoutes() {
        String t = uniqueTable("vwnopk");
        executeDirect("CREATE TABLE " + t + " (a INTEGER, b " + (backend() == Backend.SQLITE ? "TEXT" : "VARCHAR(20)") + ")");
        executeDirect("INSERT INTO " + t + " (a, b) VALUES (1, 'x')");
        JsonNode cfg = org.pyql.e2e.harness.Poll.until("table " + t + " served", java.time.Duration.ofSeconds(15), () -> {
            Response r = admin.get(tablePath(t, "/config"));
            return r.status() == 200 ? r.json().get(t) : null;
        });
        assertTrue(cfg.get("primary_key").isNull(), cfg.toString());
        insert(t, "{'a': 2, 'b': 'y'}").expect(200);
        assertEquals(Json.parse("[{'a': 1, 'b': 'x'}, {'a': 2, 'b': 'y'}]"), selectOk(t, "{'select': ['*'], 'orderby': 'a'}"));
        expectErrorUnchanged(400, () -> admin.get(tablePath(t, "/1")), t);
        expectErrorUnchanged(400, () -> admin.post(tablePath(t, "/1"), Json.parse("{'b': 'z'}")), t);
        expectErrorUnchanged(400, () -> admin.delete(tablePath(t, "/1")), t);
        assertEquals(1, deleteWhere(t, "{'where': {'a': 2}}").expect(200).rows());
    }

    // ------------------------------------------------------------------ create

    @Test
    void createTableRoutesAndConfig() {
        String a = uniqueTable("vwcreate");
        String b = uniqueTable("vwcreate");
        createTables("{'" + a + "': {'columns': [{'name': 'id', 'type': 'str', 'mods': 'NOT NULL'},"
                + " {'name': 'x', 'type': 'float', 'mods': ''}], 'primary_key': 'id', 'foreign_keys': null}}");
        Response r = admin.post(tablePath(b, "/create"), Json.parse("{'" + b + "': {'columns': ["
                + "{'name': 'id', 'type': 'int', 'mods': ''}, {'name': 'aid', 'type': 'str', 'mods': ''}],"
                + " 'primary_key': 'id', 'foreign_keys': {'aid': {'table': '" + a + "', 'ref': 'id', 'mods': 'ON DELETE CASCADE'}}}}"))
                .expect(200);
        assertTrue(r.text("message").contains(b), r.describe());
        assertTrue(listedTables().containsAll(List.of(a, b)));
        assertTrue(tableExistsInDatabase(a) && tableExistsInDatabase(b));
        JsonNode cfg = admin.get(tablePath(b, "/config")).expect(200).json().get(b);
        assertEquals("id", cfg.get("primary_key").asText());
        assertEquals(a, cfg.get("foreign_keys").get("aid").get("table").asText());
        assertEquals("id", cfg.get("foreign_keys").get("aid").get("ref").asText());
        // the new tables are usable at once, FK enforced
        insert(a, "{'id': 'k', 'x': 1.25}").expect(200);
        insert(b, "{'id': 1, 'aid': 'k'}").expect(200);
        expectErrorUnchanged(409, () -> insert(b, "{'id': 2, 'aid': 'missing'}"), a, b);
        // creating an existing table again: 409, config unchanged
        JsonNode before = admin.get(tablePath(a, "/config")).expect(200).json();
        expectErrorUnchanged(409, () -> admin.post(dbPath("table/create"), Json.parse("{'" + a + "': {'columns': ["
                + "{'name': 'other', 'type': 'int', 'mods': ''}], 'primary_key': 'other', 'foreign_keys': null}}")), a, b);
        assertEquals(before, admin.get(tablePath(a, "/config")).expect(200).json());
    }

    @Test
    void invalidCreateBodiesAre400AndCreateNothing() {
        String t = uniqueTable("vwbad");
        String col = "{'name': 'id', 'type': 'int', 'mods': ''}";
        List<String> bodies = List.of(
                "{'" + t + "': {'columns': [{'name': 'id', 'type': 'varchar', 'mods': ''}], 'primary_key': 'id', 'foreign_keys': null}}",
                "{'" + t + "': {'columns': [" + col + "], 'foreign_keys': null}}",
                "{'" + t + "': {'columns': [" + col + "], 'primary_key': 'nope', 'foreign_keys': null}}",
                "{'" + t + "': {'columns': [], 'primary_key': 'id', 'foreign_keys': null}}",
                "{'" + t + "': {'primary_key': 'id', 'foreign_keys': null}}",
                "{'" + t + "': {'columns': [" + col + ", " + col + "], 'primary_key': 'id', 'foreign_keys': null}}",
                "{'" + t + "': {'columns': [" + col + "], 'primary_key': 'id',"
                        + " 'foreign_keys': {'nope': {'table': 'x', 'ref': 'id', 'mods': ''}}}}",
                "{'" + t + "': {'columns': [" + col + ", {'name': 'r', 'type': 'int', 'mods': ''}], 'primary_key': 'id',"
                        + " 'foreign_keys': {'r': {'table': 'no_such_table', 'ref': 'id', 'mods': ''}}}}",
                "{'" + t + "': {'columns': [{'name': 'id', 'type': 'int', 'mods': 'DEFAULT 1); DROP TABLE x; --'}],"
                        + " 'primary_key': 'id', 'foreign_keys': null}}",
                "{'" + t + "': {'columns': [" + col + ", {'name': 'r', 'type': 'int', 'mods': ''}], 'primary_key': 'id',"
                        + " 'foreign_keys': {'r': {'table': '" + t + "', 'ref': 'id', 'mods': 'ON DELETE EXPLODE'}}}}",
                "{'" + t + "': {'columns': [{'name': 'id; DROP TABLE x', 'type': 'int', 'mods': ''}], 'primary_key': 'id; DROP TABLE x',"
                        + " 'foreign_keys': null}}",
                "{'" + t + " ; DROP TABLE x': {'columns': [" + col + "], 'primary_key': 'id', 'foreign_keys': null}}",
                "{'_pyql_" + t + "': {'columns': [" + col + "], 'primary_key': 'id', 'foreign_keys': null}}",
                "{'" + t + "': {'columns': [" + col + "], 'primary_key': 'id', 'foreign_keys': null},"
                        + " '" + t + "_2': {'columns': [{'name': 'id', 'type': 'nope', 'mods': ''}], 'primary_key': 'id', 'foreign_keys': null}}",
                "{}");
        for (String body : bodies) {
            Response r = expectErrorUnchanged(400, () -> admin.post(dbPath("table/create"), Json.parse(body)));
            assertFalse(tableExistsInDatabase(t) || tableExistsInDatabase(t + "_2") || tableExistsInDatabase("_pyql_" + t),
                    "a refused create made a table: " + r.describe());
        }
        // the per-table route takes exactly the table it names
        String other = uniqueTable("vwother");
        expectErrorUnchanged(400, () -> admin.post(tablePath(other, "/create"), Json.parse(
                "{'" + t + "': {'columns': [" + col + "], 'primary_key': 'id', 'foreign_keys': null}}")));
        assertFalse(tableExistsInDatabase(t) || tableExistsInDatabase(other));
    }
}
