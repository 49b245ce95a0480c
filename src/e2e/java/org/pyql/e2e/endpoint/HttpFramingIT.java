package org.pyql.e2e.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pyql.e2e.harness.PyqlClient;
import org.pyql.e2e.harness.RawHttp;
import org.pyql.e2e.harness.RawHttp.Exchange;
import org.pyql.e2e.harness.SharedEndpoint;

/**
 * The HTTP layer, through a raw socket: request smuggling (Content-Length with Transfer-Encoding), requests pipelined
 * after {@code Connection: close}, TRACE, OPTIONS with {@code Accept: application/json}, oversized request lines,
 * headers and bodies. Every refusal is the JSON error shape, and a smuggled or pipelined request is never executed
 * (each would create a table; the table list shows it did not).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedEndpoint.class)
class HttpFramingIT {
    private int port;
    private PyqlClient admin;
    private String auth;

    @BeforeAll
    void attach(SharedEndpoint.Endpoint ep) {
        port = ep.node().port();
        admin = ep.admin();
        auth = "Authentication: Basic " + PyqlClient.basic("admin", SharedEndpoint.ADMIN_PASSWORD) + "\r\n";
    }

    private static int counter;

    private static synchronized String freshTable(String prefix) {
        return prefix + "_" + System.nanoTime() % 1_000_000 + "_" + (++counter);
    }

    private String createRequest(String table) {
        String body = "{\"" + table + "\": {\"columns\": [{\"name\": \"id\", \"type\": \"int\", \"mods\": \"\"}],"
                + " \"primary_key\": \"id\", \"foreign_keys\": null}}";
        return "POST /db/main/table/create HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private List<String> tables() {
        List<String> names = new java.util.ArrayList<>();
        for (JsonNode t : admin.get("/db/main/tables").expect(200).json().get("tables")) t.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void contentLengthWithChunkedNeverRunsTheSmuggledRequest() {
        String smuggled = freshTable("smuggled");
        String chunkedBody = "0\r\n\r\n" + createRequest(smuggled);
        String start = "POST /db/main/table/" + freshTable("x") + "/select HTTP/1.1\r\nHost: x\r\n" + auth
                + "Content-Type: application/json\r\n";
        // CL before TE: Grizzly drops the Content-Length and reads the chunked body; the application answers that
        // request with Connection: close and refuses what follows on the connection (the smuggled request)
        Exchange clFirst = RawHttp.exchange(port, RawHttp.ascii(start + "Content-Length: " + chunkedBody.length()
                + "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkedBody));
        RawHttp.Reply first = clFirst.replies().get(0).expectJsonError(400);
        assertEquals("missing JSON body", first.json().get("error").textValue(), "the chunked (empty) body counted: " + clFirst.raw());
        assertEquals("close", first.header("Connection"), clFirst.raw());
        assertTrue(clFirst.closedByServer(), clFirst.raw());
        for (RawHttp.Reply later : clFirst.replies().subList(1, clFirst.replies().size())) later.expectJsonError(400);
        // TE before CL: Grizzly itself refuses the request (400, without a body) and closes
        Exchange teFirst = RawHttp.exchange(port, RawHttp.ascii(start + "Transfer-Encoding: chunked\r\nContent-Length: "
                + chunkedBody.length() + "\r\n\r\n" + chunkedBody));
        assertEquals(400, teFirst.replies().get(0).status(), teFirst.raw());
        assertTrue(teFirst.closedByServer(), teFirst.raw());
        assertFalse(tables().contains(smuggled), "the smuggled create never ran");
    }

    @Test
    void aChunkedRequestWorksAndClosesTheConnection() {
        String body = "{\"select\": [\"*\"]}";
        Exchange x = RawHttp.exchange(port, RawHttp.ascii("POST /db/main/table/" + freshTable("nope") + "/select HTTP/1.1\r\n"
                + "Host: x\r\n" + auth + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n"));
        RawHttp.Reply r = x.replies().get(0).expectJsonError(404);   // the body was read: the table is what is missing
        assertTrue(r.json().get("error").textValue().contains("not found"), x.raw());
        assertEquals("close", r.header("Connection"));
        assertTrue(x.closedByServer(), x.raw());
    }

    @Test
    void unsupportedTransferCodingsAreRefused() {
        Exchange x = RawHttp.exchange(port, RawHttp.ascii("POST /db/main/table/t/select HTTP/1.1\r\nHost: x\r\n" + auth
                + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"));
        assertTrue(x.replies().get(0).status() >= 400 && x.replies().get(0).status() < 500, x.raw());
        x.replies().get(0).expectJsonError(x.replies().get(0).status());
    }

    @Test
    void aRequestPipelinedAfterConnectionCloseIsNotExecuted() {
        String pipelined = freshTable("pipelined");
        Exchange x = RawHttp.exchange(port, RawHttp.ascii("GET /pyql/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                + createRequest(pipelined)));
        assertEquals(200, x.replies().get(0).status(), x.raw());
        assertEquals("alive", x.replies().get(0).json().get("status").textValue());
        assertTrue(x.closedByServer(), x.raw());
        assertFalse(tables().contains(pipelined), "the request after Connection: close never ran: " + x.raw());
        // without Connection: close the same pipeline runs both requests (keep-alive still works)
        String kept = freshTable("kept");
        Exchange ok = RawHttp.exchange(port, RawHttp.ascii("GET /pyql/live HTTP/1.1\r\nHost: x\r\n\r\n" + createRequest(kept)));
        assertEquals(List.of(200, 200), ok.replies().stream().map(RawHttp.Reply::status).toList(), ok.raw());
        assertTrue(tables().contains(kept));
    }

    @Test
    void http10WithoutKeepAliveClosesToo() {
        String pipelined = freshTable("pipelined10");
        Exchange x = RawHttp.exchange(port, RawHttp.ascii("GET /pyql/live HTTP/1.0\r\n\r\n" + createRequest(pipelined)));
        assertEquals(200, x.replies().get(0).status(), x.raw());
        assertFalse(tables().contains(pipelined), x.raw());
    }

    @Test
    void traceIsAJson405() {
        Exchange x = RawHttp.exchange(port, RawHttp.ascii("TRACE /pyql/node HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n"));
        RawHttp.Reply r = x.replies().get(0).expectJsonError(405);
        assertFalse(r.body().contains("Basic"), "the request (and its credential) is not echoed: " + x.raw());
    }

    @Test
    void optionsAnswersTheAllowListInJsonWhateverTheAccept() {
        for (String accept : List.of("", "Accept: application/json\r\n", "Accept: */*\r\n")) {
            Exchange x = RawHttp.exchange(port, RawHttp.ascii("OPTIONS /pyql/node HTTP/1.1\r\nHost: x\r\n" + accept
                    + "Connection: close\r\n\r\n"));
            RawHttp.Reply r = x.replies().get(0);
            assertEquals(200, r.status(), x.raw());
            assertTrue(r.header("content-type").startsWith("application/json"), x.raw());
            assertEquals(Integer.toString(r.body().length()), r.header("content-length"), "Content-Length matches: " + x.raw());
            assertTrue(r.json().get("allow").toString().contains("GET"), x.raw());
        }
    }

    @Test
    void longRequestLinesAndHeadersAreJsonErrors() {
        Exchange url = RawHttp.exchange(port, RawHttp.ascii("GET /db/main/table/" + "a".repeat(64 * 1024)
                + "/config HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n"));
        url.replies().get(0).expectJsonError(414);
        Exchange header = RawHttp.exchange(port, RawHttp.ascii("GET /pyql/node HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "b".repeat(64 * 1024) + "\r\n\r\n"));
        header.replies().get(0).expectJsonError(431);
    }

    @Test
    void aDeclaredBodyAboveTheLimitIs413BeforeItIsRead() {
        String table = freshTable("big");
        Exchange x = RawHttp.exchange(port, RawHttp.ascii("POST /db/main/table/create HTTP/1.1\r\nHost: x\r\n" + auth
                + "Content-Type: application/json\r\nContent-Length: 17000000\r\n\r\n{\"" + table + "\": "), 30_000);
        RawHttp.Reply r = x.replies().get(0).expectJsonError(413);
        assertEquals("request body too large", r.json().get("error").textValue());
        assertFalse(tables().contains(table));
    }
}
