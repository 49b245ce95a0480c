package org.pyql.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

class ContainerAnswersTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String rewrite(String head) {
        byte[] out = ContainerAnswers.rewrite(b(head));
        return out == null ? null : new String(out, StandardCharsets.ISO_8859_1);
    }

    private static JsonNode body(String answer) throws Exception {
        return JsonProvider.MAPPER.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    }

    @Test
    void theCodecsEmpty400BecomesJson() throws Exception {
        String out = rewrite("HTTP/1.1 400 Bad Request\r\nDate: x\r\nConnection: close\r\nContent-Length: 0\r\n"
                + "X-Frame-Options: SAMEORIGIN\r\n\r\n");
        assertTrue(out.startsWith("HTTP/1.1 400 Bad Request\r\nDate: x\r\nConnection: close\r\nX-Frame-Options: SAMEORIGIN\r\n"
                + "Content-Type: application/json\r\nContent-Length: "), out);
        JsonNode json = body(out);
        assertEquals("malformed HTTP request", json.get("error").textValue());
        int length = Integer.parseInt(out.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
        assertEquals(out.length() - out.indexOf("\r\n\r\n") - 4, length);
    }

    @Test
    void invalidUriAnd505HaveTheirOwnText() throws Exception {
        assertEquals("Request must start with /", body(rewrite("HTTP/1.1 400 Invalid URI: Request must start with /\r\n"
                + "Connection: close\r\nContent-Length: 0\r\n\r\n")).get("detail").textValue());
        assertEquals("invalid request target", body(rewrite("HTTP/1.1 400 Invalid URI\r\nConnection: close\r\n"
                + "Content-Length: 0\r\n\r\n")).get("error").textValue());
        assertEquals("HTTP version not supported", body(rewrite("HTTP/1.1 505 HTTP Version Not Supported\r\n"
                + "Connection: close\r\nContent-Length: 0\r\n\r\n")).get("error").textValue());
    }

    @Test
    void anAnswerThatKeepsTheConnectionOpenIsMadeToCloseIt() throws Exception {
        String out = rewrite("HTTP/1.1 400 Invalid URI: Request must start with /\r\nContent-Length: 0\r\n\r\n");
        assertTrue(out.contains("\r\nConnection: close\r\n"), out);
        assertEquals("invalid request target", body(out).get("error").textValue());
        // Grizzly's answer to CONNECT carries no Content-Length at all
        out = rewrite("HTTP/1.1 400 Invalid URI: Request must start with /\r\nServer: x\r\n\r\n");
        assertTrue(out.contains("\r\nConnection: close\r\n") && out.contains("Content-Length: "), out);
    }

    @Test
    void answersOfTheApplicationAreNeverTouched() {
        assertNull(rewrite("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/json\r\n"
                + "Content-Length: 0\r\n\r\n"), "has a Content-Type");
        assertNull(rewrite("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"), "not an error");
        assertNull(rewrite("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 5\r\n\r\n"), "has a body");
        assertNull(rewrite("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"));
        assertNull(rewrite("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n{}"), "body bytes follow");
        assertNull(rewrite("{\"error\": \"HTTP/1.1 400 x\"}"));
        assertNull(rewrite("HTTP/1.1 4000 X\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"));
        assertNull(rewrite("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n" + "X: y\r\n".repeat(400) + "\r\n"), "too long");
    }
}
