package org.pyql.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.ws.rs.core.MultivaluedHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pyql.error.PyqlException;

/** The body reader: every hostile body is a 400 or 413 naming the rule, never a Jackson or decoder class name. */
class JsonProviderTest {
    private final JsonProvider provider = new JsonProvider();

    private JsonNode read(byte[] body, String contentLength) throws IOException {
        MultivaluedHashMap<String, String> headers = new MultivaluedHashMap<>();
        if (contentLength != null) headers.putSingle("Content-Length", contentLength);
        return provider.readFrom(JsonNode.class, JsonNode.class, null, null, headers, new ByteArrayInputStream(body));
    }

    private JsonNode read(String body) throws IOException {
        return read(body.getBytes(StandardCharsets.UTF_8), null);
    }

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
        return out;
    }

    /** {"s": "<bytes>"} */
    private static byte[] stringWith(byte[] inner) {
        byte[] head = "{\"s\": \"".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + inner.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(inner, 0, out, head.length, inner.length);
        System.arraycopy(tail, 0, out, head.length + inner.length, tail.length);
        return out;
    }

    private static PyqlException refused(int status, org.junit.jupiter.api.function.Executable call, String fragment) {
        PyqlException e = assertThrows(PyqlException.class, call);
        assertEquals(status, e.status(), e.error() + " | " + e.detail());
        String text = e.error() + " | " + e.detail();
        assertTrue(text.contains(fragment), text);
        assertFalse(text.contains("com.fasterxml") || text.contains("Exception") || text.contains("`")
                || text.contains("StreamReadConstraints"), "names no internals: " + text);
        return e;
    }

    @Test
    void validUtf8IncludingFourByteCharactersIsRead() throws IOException {
        assertEquals("naïve ☃ 😀", read("{\"s\": \"naïve ☃ 😀\"}").get("s").textValue());
        assertEquals("😀", read("{\"s\": \"\\ud83d\\ude00\"}").get("s").textValue(), "an escaped surrogate pair");
    }

    @Test
    void invalidUtf8IsRefused() {
        refused(400, () -> read(stringWith(bytes(0xC0, 0xA7)), null), "invalid UTF-8");              // overlong '
        refused(400, () -> read(stringWith(bytes(0xE0, 0x80, 0xAF)), null), "invalid UTF-8");        // overlong /
        refused(400, () -> read(stringWith(bytes(0xED, 0xA0, 0x80)), null), "invalid UTF-8");        // encoded surrogate
        refused(400, () -> read(stringWith(bytes(0xF4, 0x90, 0x80, 0x80)), null), "invalid UTF-8");  // above U+10FFFF
        refused(400, () -> read(stringWith(bytes(0xFF)), null), "invalid UTF-8");
        refused(400, () -> read(stringWith(bytes(0xE2, 0x98)), null), "invalid UTF-8");              // truncated
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"s\": \"\\ud800\"}", "{\"s\": \"x\\udc00y\"}", "{\"s\": [\"ok\", {\"t\": \"\\ud83d\"}]}",
            "{\"\\ud800\": 1}", "[\"\\ude00\\ud83d\"]"})
    void loneSurrogatesAreRefused(String body) {
        refused(400, () -> read(body), "lone UTF-16 surrogate");
    }

    @Test
    void nestingDepthIsLimited() throws IOException {
        String ok = "[".repeat(BodyLimits.MAX_DEPTH) + "]".repeat(BodyLimits.MAX_DEPTH);
        assertTrue(read(ok).isArray());
        refused(400, () -> read("[".repeat(BodyLimits.MAX_DEPTH + 1) + "]".repeat(BodyLimits.MAX_DEPTH + 1)),
                "nested deeper than " + BodyLimits.MAX_DEPTH);
        refused(400, () -> read("{\"a\":".repeat(5000) + "1" + "}".repeat(5000)), "nested deeper");
    }

    @Test
    void longNamesAndNumbersAreLimited() {
        refused(400, () -> read("{\"" + "n".repeat(BodyLimits.MAX_NAME_CHARS + 1) + "\": 1}"), "field name longer");
        refused(400, () -> read("{\"n\": " + "9".repeat(BodyLimits.MAX_NUMBER_CHARS + 1) + "}"), "number longer");
    }

    @Test
    void bodySizeIsLimitedByHeaderAndByCounting() {
        refused(413, () -> read("{}".getBytes(StandardCharsets.UTF_8), Long.toString(BodyLimits.MAX_BODY_BYTES + 1L)),
                "request body too large");
        refused(413, () -> read("{}".getBytes(StandardCharsets.UTF_8), "99999999999999999999"), "too large");
        // a body that lies about (or omits) its length is counted while it is read
        InputStream endless = new InputStream() {
            private long n;

            @Override
            public int read() {
                return n++ == 0 ? '[' : (n % 2 == 0 ? '1' : ',');
            }
        };
        refused(413, () -> provider.readFrom(JsonNode.class, JsonNode.class, null, null, new MultivaluedHashMap<>(), endless),
                "request body too large");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\": 1} junk", "{\"a\": 1}{}", "{\"a\":", "{'a': 1}", "nope", "{\"a\": 1, \"a\": 2}"})
    void malformedJsonIsA400WithoutInternals(String body) {
        refused(400, () -> read(body), "");
    }

    @Test
    void trailingContentSaysSo() {
        refused(400, () -> read("{\"a\": 1} {\"b\": 2}"), "unexpected content after the JSON value");
    }

    @Test
    void anEmptyBodyIsMissing() throws IOException {
        assertTrue(read("").isMissingNode());
    }
}
