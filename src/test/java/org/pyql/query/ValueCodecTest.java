package org.pyql.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pyql.query.Fixtures.assertBadRequest;
import static org.pyql.query.Fixtures.json;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueCodecTest {

    private static Object bind(ColumnType type, String jsonValue) {
        return ValueCodec.toBind(type, "c", json(jsonValue));
    }

    /** What {@link ValueCodec#write} streams, as text. */
    private static String written(ColumnType type, Object jdbc) throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Fixtures.JSON.getFactory().createGenerator(out)) {
            ValueCodec.write(g, type, jdbc);
        }
        return out.toString();
    }

    /** The JSON text of a JDBC value; toJson and write must agree on every value. */
    private static String read(ColumnType type, Object jdbc) throws Exception {
        String text = written(type, jdbc);
        assertEquals(text, ValueCodec.toJson(type, jdbc).toString(), "write and toJson disagree for " + jdbc);
        return text;
    }

    @Test
    void intAcceptsIntegralValues() {
        assertEquals(5L, bind(ColumnType.INT, "5"));
        assertEquals(5L, bind(ColumnType.INT, "5.0"));
        assertEquals(100L, bind(ColumnType.INT, "1e2"));
        assertEquals(-7001L, bind(ColumnType.INT, "\"-7001\""));
        assertEquals(7001L, bind(ColumnType.INT, "\"7001\""));
        assertEquals(Long.MAX_VALUE, bind(ColumnType.INT, "9223372036854775807"));
        assertNull(bind(ColumnType.INT, "null"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"6001.9", "true", "\"abc\"", "\"7.0\"", "\"\"", "\"-\"", "\" 7\"", "[1]", "{}",
            "9223372036854775808", "\"99999999999999999999\"", "1e300"})
    void intRejects(String value) {
        assertBadRequest(() -> bind(ColumnType.INT, value), "column c", "int");
    }

    @Test
    void floatAcceptsNumbersAndNumericStrings() {
        assertEquals(10.0, bind(ColumnType.FLOAT, "10"));
        assertEquals(35.16, bind(ColumnType.FLOAT, "35.16"));
        assertEquals(35.15, bind(ColumnType.FLOAT, "\"35.15\""));
        assertEquals(-1.5e3, bind(ColumnType.FLOAT, "\"-1.5E3\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "\"NaN\"", "\"Infinity\"", "\"1d\"", "\"0x10\"", "\"1e\"", "\"abc\"", "[]", "{}",
            "\".\""})
    void floatRejects(String value) {
        assertBadRequest(() -> bind(ColumnType.FLOAT, value), "column c", "float");
    }

    @Test
    void boolAcceptsBooleansZeroOneAndWords() {
        assertEquals(true, bind(ColumnType.BOOL, "true"));
        assertEquals(false, bind(ColumnType.BOOL, "false"));
        assertEquals(true, bind(ColumnType.BOOL, "1"));
        assertEquals(false, bind(ColumnType.BOOL, "0"));
        assertEquals(true, bind(ColumnType.BOOL, "\"TRUE\""));
        assertEquals(false, bind(ColumnType.BOOL, "\"False\""));
        assertNull(bind(ColumnType.BOOL, "null"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"maybe\"", "2", "-1", "0.5", "\"1\"", "\"yes\"", "[]", "{}"})
    void boolRejects(String value) {
        assertBadRequest(() -> bind(ColumnType.BOOL, value), "column c", "bool");
    }

    @Test
    void strKeepsStringsAndWritesOtherJsonAsText() {
        assertEquals("x' OR '1'='1", bind(ColumnType.STR, "\"x' OR '1'='1\""));
        assertEquals("12.5", bind(ColumnType.STR, "12.5"));
        assertEquals("7", bind(ColumnType.STR, "7"));
        assertEquals("true", bind(ColumnType.STR, "true"));
        assertEquals("[\"a\",\"b\"]", bind(ColumnType.STR, "[\"a\", \"b\"]"));
        assertEquals("{\"a\":1,\"b\":{\"c\":[{\"d\":1,\"e\":2}],\"z\":null}}",
                bind(ColumnType.STR, "{\"b\": {\"z\": null, \"c\": [{\"e\": 2, \"d\": 1}]}, \"a\": 1}"));
    }

    @Test
    void blobIsBase64() {
        assertArrayEquals("hi".getBytes(StandardCharsets.US_ASCII), (byte[]) bind(ColumnType.BLOB, "\"aGk=\""));
        assertArrayEquals(new byte[0], (byte[]) bind(ColumnType.BLOB, "\"\""));
        assertBadRequest(() -> bind(ColumnType.BLOB, "\"***\""), "column c", "blob");
        assertBadRequest(() -> bind(ColumnType.BLOB, "5"), "column c", "blob");
    }

    @Test
    void fromTextUsesTheSameRules() {
        assertEquals(42L, ValueCodec.fromText(ColumnType.INT, "id", "42"));
        assertEquals("42", ValueCodec.fromText(ColumnType.STR, "id", "42"));
        assertEquals(true, ValueCodec.fromText(ColumnType.BOOL, "b", "true"));
        assertBadRequest(() -> ValueCodec.fromText(ColumnType.INT, "id", "4 2"), "id", "int");
    }

    @Test
    void nullReadsAsNullForEveryType() throws Exception {
        for (ColumnType t : ColumnType.values()) {
            assertEquals("null", read(t, null), t.toString());
            assertEquals(NullNode.getInstance(), ValueCodec.toJson(t, null));
        }
    }

    @Test
    void readInts() throws Exception {
        assertEquals("5", read(ColumnType.INT, 5));
        assertEquals("5", read(ColumnType.INT, 5L));
        assertEquals("5", read(ColumnType.INT, (short) 5));
        assertEquals("18446744073709551615", read(ColumnType.INT, new BigInteger("18446744073709551615")));
        assertEquals("12", written(ColumnType.INT, new BigDecimal("12")));
        assertEquals("7", read(ColumnType.INT, 7.0));
        assertEquals("7", read(ColumnType.INT, "7"));
    }

    @Test
    void readFloatsAsFloatsOnEveryBackEnd() throws Exception {
        assertEquals("35.14", written(ColumnType.FLOAT, 35.14));
        assertEquals("10.0", written(ColumnType.FLOAT, 10)); // SQLite may hand back an Integer
        assertEquals("10.0", written(ColumnType.FLOAT, 10.0));
        assertEquals(35.14, ValueCodec.toJson(ColumnType.FLOAT, 35.14).doubleValue());
    }

    @Test
    void readBoolsFromEveryDriverRepresentation() throws Exception {
        assertEquals("true", read(ColumnType.BOOL, Boolean.TRUE));
        assertEquals("true", read(ColumnType.BOOL, 1));
        assertEquals("false", read(ColumnType.BOOL, 0));
        assertEquals("true", read(ColumnType.BOOL, 1L));
        assertEquals("false", read(ColumnType.BOOL, (short) 0));
        assertEquals("true", read(ColumnType.BOOL, (byte) 1));
        assertEquals("true", read(ColumnType.BOOL, 2));
        assertEquals("false", read(ColumnType.BOOL, "0"));
    }

    @Test
    void readStrParsesOnlyWholeJsonObjectsAndArrays() throws Exception {
        assertEquals("{\"a\":1}", read(ColumnType.STR, "{\"a\":1}"));
        assertEquals("[1,2]", read(ColumnType.STR, "[1,2]"));
        assertEquals("\"}\"", read(ColumnType.STR, "}"));
        assertEquals("\"name OR 1=1 -- }\"", read(ColumnType.STR, "name OR 1=1 -- }"));
        assertEquals("\"{not json\"", read(ColumnType.STR, "{not json"));
        assertEquals("\"{\\\"a\\\":1} trailing\"", read(ColumnType.STR, "{\"a\":1} trailing"));
        assertEquals("\" {\\\"a\\\":1}\"", read(ColumnType.STR, " {\"a\":1}"));
        assertEquals("\"12.5\"", read(ColumnType.STR, "12.5"));
        assertEquals("\"true\"", read(ColumnType.STR, "true"));
        assertEquals("\"\"", read(ColumnType.STR, ""));
        assertEquals("\"h\u00e9\"", read(ColumnType.STR, "h\u00e9".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void writeWorksOnAGeneratorWithoutCodec() throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new com.fasterxml.jackson.core.JsonFactory().createGenerator(out)) {
            g.writeStartArray();
            ValueCodec.write(g, ColumnType.STR, "{\"b\":[1,2.5,true,null,\"x\"],\"a\":{\"n\":12345678901234}}");
            ValueCodec.write(g, ColumnType.STR, "[]");
            g.writeEndArray();
        }
        assertEquals("[{\"b\":[1,2.5,true,null,\"x\"],\"a\":{\"n\":12345678901234}},[]]", out.toString());
    }

    @Test
    void readBlobAsBase64() throws Exception {
        assertEquals("\"AAEC/w==\"", read(ColumnType.BLOB, new byte[] {0, 1, 2, (byte) 0xff}));
    }

    @Test
    void roundTripsThroughTheBindValue() throws Exception {
        String[][] cases = {
                {"INT", "42"}, {"INT", "-1"}, {"FLOAT", "35.14"}, {"FLOAT", "-0.5"}, {"BOOL", "true"}, {"BOOL", "false"},
                {"STR", "\"plain\""}, {"STR", "{\"type\":\"BUY\",\"condition\":{\"limit\":\"36.00\"}}"},
                {"STR", "[\"a\",{\"b\":[1,2.5,null,true]}]"}, {"BLOB", "\"aGVsbG8gd29ybGQ=\""}, {"STR", "null"},
        };
        for (String[] c : cases) {
            ColumnType type = ColumnType.valueOf(c[0]);
            JsonNode in = json(c[1]);
            // What a database returns for the bound value (JDBC hands back the same Java types here).
            Object stored = ValueCodec.toBind(type, "c", in);
            assertEquals(in, json(read(type, stored)), type + " " + c[1]);
        }
    }

    @Test
    void canonicalJsonIsKeyOrderIndependent() {
        Object a = bind(ColumnType.STR, "{\"x\": {\"q\": 1, \"p\": [2, {\"k\": 1, \"j\": 0}]}, \"a\": \"s\"}");
        Object b = bind(ColumnType.STR, "{\"a\":\"s\",\"x\":{\"p\":[2,{\"j\":0,\"k\":1}],\"q\":1}}");
        assertEquals(a, b);
        assertTrue(((String) a).startsWith("{\"a\":\"s\""));
    }
}
