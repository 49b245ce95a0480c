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
import org.pyql.e2e.harness.Poll;
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
    private org.pyql.e2e.harness.PyqlNode node;
    private PyqlClient admin;
    private String auth;

    @BeforeAll
    void attach(SharedEndpoint.Endpoint ep) {
        port = ep.node().port();
        node = ep.node();
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
        // TE before CL: Grizzly itself refuses the request (a JSON 400 since GrizzlyErrorAnswers) and closes
        Exchange teFirst = RawHttp.exchange(port, RawHttp.ascii(start + "Transfer-Encoding: chunked\r\nContent-Length: "
                + chunkedBody.length() + "\r\n\r\n" + chunkedBody));
        teFirst.replies().get(0).expectJsonError(400);
        assertEquals(1, teFirst.replies().size(), teFirst.raw());
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
        long before = logLines();
        String pipelined = freshTable("pipelined");
        Exchange x = RawHttp.exchange(port, RawHttp.ascii("GET /pyql/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                + createRequest(pipelined)));
        assertEquals(200, x.replies().get(0).status(), x.raw());
        assertEquals("alive", x.replies().get(0).json().get("status").textValue());
        assertTrue(x.closedByServer(), x.raw());
        assertFalse(tables().contains(pipelined), "the request after Connection: close never ran: " + x.raw());
        // its refusal cannot be delivered (the connection is closed): one line, no stack trace
        Poll.until("the refusal of the pipelined request in the log", java.time.Duration.ofSeconds(10),
                () -> logSince(before).contains("request after the connection was closed"));
        String log = logSince(before);
        assertFalse(log.contains("\tat ") || log.contains("SEVERE"), log);
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

    private static byte[] bytes(String before, byte[] middle, String after) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.writeBytes(RawHttp.ascii(before));
        b.writeBytes(middle);
        b.writeBytes(RawHttp.ascii(after));
        return b.toByteArray();
    }

    private long logLines() {
        try (var lines = java.nio.file.Files.lines(node.logFile(), StandardCharsets.ISO_8859_1)) {
            return lines.count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String logSince(long line) {
        try (var lines = java.nio.file.Files.lines(node.logFile(), StandardCharsets.ISO_8859_1)) {
            return String.join("\n", lines.skip(line).toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Paths Payara cannot decode: a JSON 400 naming the problem, with or without credentials, on any route. */
    @Test
    void pathsTheContainerCannotDecodeAreJson400s() {
        long before = logLines();
        List<byte[]> paths = List.of(RawHttp.ascii("/db/main/table/%zz/config"), RawHttp.ascii("/cluster/main/table/%zz/config"),
                RawHttp.ascii("/db/main/table/a%2"), RawHttp.ascii("/db/main/table/%00/config"),
                RawHttp.ascii("/cluster/main/table/%00/config"), RawHttp.ascii("/db/main/table/%5C/config"),
                RawHttp.ascii("/db/main/table/a\\b/config"), new byte[] {'/', 'd', 'b', '/', (byte) 0xFF},
                "/db/main/table/\u00e9/config".getBytes(StandardCharsets.UTF_8), RawHttp.ascii("/db/main/table/%ff/config"),
                RawHttp.ascii("/cluster/main/table/%C0%AF/select"));
        int n = 0;
        for (byte[] path : paths) {
            for (String credentials : List.of("", auth)) {
                Exchange x = RawHttp.exchange(port, bytes("GET ", path, " HTTP/1.1\r\nHost: x\r\n" + credentials
                        + "Connection: close\r\n\r\n"));
                RawHttp.Reply r = x.replies().get(0).expectJsonError(400);
                assertEquals("invalid request path", r.json().get("error").textValue(), x.raw());
                n++;
            }
        }
        // the container closes the connection after this 400: a request pipelined behind a refused path never runs
        String pipelined = freshTable("afterbadpath");
        Exchange after = RawHttp.exchange(port, bytes("GET /db/main/table/%zz/config HTTP/1.1\r\nHost: x\r\n\r\n",
                RawHttp.ascii(createRequest(pipelined)), ""));
        after.replies().get(0).expectJsonError(400);
        n++;
        assertFalse(tables().contains(pipelined), after.raw());
        // well-encoded non-ASCII still works (the table is unknown: 404, the name decoded as UTF-8)
        RawHttp.Reply ok = RawHttp.exchange(port, RawHttp.ascii("GET /db/main/table/%C3%A9/config HTTP/1.1\r\nHost: x\r\n"
                + auth + "Connection: close\r\n\r\n")).replies().get(0).expectJsonError(404);
        assertTrue(ok.body().contains("\u00e9") || ok.json().get("error").textValue().contains("\u00e9"), ok.toString());
        int refused = n;
        Poll.until("a log line for each refused path", java.time.Duration.ofSeconds(10),
                () -> logSince(before).split("400 invalid request path", -1).length - 1 >= refused);
        String log = logSince(before);
        assertFalse(log.contains("SEVERE") || log.contains("\tat "), "one line per refusal, no stack trace:\n" + log);
        assertTrue(log.split("\n").length <= refused + 2, "at most one line per request:\n" + log);
    }

    /** What Grizzly refuses while parsing the request head: the JSON error shape, one log line, no stack trace. */
    @Test
    void requestsTheHttpLayerRefusesAreJsonErrors() {
        long before = logLines();
        String get = "GET /db/main/tables HTTP/1.1\r\nHost: x\r\n";
        List<byte[]> requests = List.of(
                bytes(get + "Authentication: Basic ", new byte[] {(byte) 0xC3, (byte) 0xA9, (byte) 0xFF}, "\r\nConnection: close\r\n\r\n"),
                bytes(get + "X-Note: ", new byte[] {(byte) 0xFF}, "\r\n\r\n"),
                RawHttp.ascii(get + "X-Ctl: a\u0001b\r\n\r\n"),
                RawHttp.ascii("GET /db/main/" + "a".repeat(200 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
                RawHttp.ascii(get + "X-Big: " + "b".repeat(200 * 1024) + "\r\n\r\n"),
                RawHttp.ascii("POST /db/main/table/t/select HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"),
                RawHttp.ascii("POST /db/main/table/t/select HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n\r\n"),
                RawHttp.ascii("GET /db/main/tables HTTP/1.1\r\nConnection: close\r\n\r\n"),
                RawHttp.ascii("GET db/main/tables HTTP/1.1\r\nHost: x\r\n\r\n"));
        for (byte[] request : requests) {
            Exchange x = RawHttp.exchange(port, request);
            x.replies().get(0).expectJsonError(400);
            assertTrue(x.closedByServer(), x.raw());
        }
        Exchange twoHosts = RawHttp.exchange(port, RawHttp.ascii(get + auth + "Host: y\r\n\r\n"));
        assertEquals("more than one Host", twoHosts.replies().get(0).expectJsonError(400).json().get("error").textValue());
        Exchange gzip = RawHttp.exchange(port, RawHttp.ascii("POST /db/main/table/t/select HTTP/1.1\r\nHost: x\r\n" + auth
                + "Content-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: 2\r\n\r\n{}"));
        assertEquals("unsupported Content-Encoding", gzip.replies().get(0).expectJsonError(415).json().get("error").textValue());
        RawHttp.Reply connect = RawHttp.exchange(port, RawHttp.ascii("CONNECT x:443 HTTP/1.1\r\nHost: x\r\n\r\n")).replies().get(0);
        assertEquals("close", connect.expectJsonError(400).header("Connection"), connect.toString());
        RawHttp.Reply accept = RawHttp.exchange(port, RawHttp.ascii(get + auth + "Accept: ;;;\r\nConnection: close\r\n\r\n")).replies().get(0);
        assertEquals("bad request", accept.expectJsonError(400).json().get("error").textValue(), accept.toString());
        Exchange version = RawHttp.exchange(port, RawHttp.ascii("GET /db/main/tables HTTP/9.9\r\nHost: x\r\n\r\n"));
        assertEquals("HTTP version not supported", version.replies().get(0).expectJsonError(505).json().get("error").textValue());
        int answers = requests.size() + 4;
        // Grizzly's refusals log "HTTP layer refused a request", HttpFramingFilter's (Host, Content-Encoding) "refused request"
        Poll.until("a log line for each refused request", java.time.Duration.ofSeconds(10),
                () -> logSince(before).split("refused (a )?request", -1).length - 1 >= answers);
        String log = logSince(before);
        assertFalse(log.contains("SEVERE") || log.contains("\tat ") || log.contains("GRIZZLY"), "no stack trace:\n" + log);
        assertTrue(log.split("\n").length <= answers + 2, "at most one line per request:\n" + log);
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
