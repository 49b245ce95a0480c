package org.pyql.cluster.write;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.pyql.cluster.route.EndpointClient;

/**
 * Sends a write that arrived on this node to the table's leader node, as the same HTTP request (the client's own
 * credential, so the leader checks access again, and its Idempotency-Key) marked with {@link #FORWARDED_HEADER} so
 * the leader never forwards it on. The answer is passed back as it is.
 */
@ApplicationScoped
public class LeaderForwarder {
    public static final String FORWARDED_HEADER = "X-Pyql-Forwarded";
    /** Set on a 503 by a node that received a forwarded write but does not lead the table (the sender looks again). */
    public static final String NOT_LEADER_HEADER = "X-Pyql-Not-Leader";
    /** The error of the 503 a stopping node answers every request with (the operability change's filter). */
    static final String NODE_STOPPING = "node is stopping";

    /** The leader's own apply wait for a body this size (it grows with the batch) plus 10 s: 15 s for small writes. */
    static Duration timeout(int bodyBytes) {
        return TableSequencer.applyTimeout(bodyBytes).plusSeconds(10);
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** One forwarded request: what the resource knows of the client's request. */
    public record Request(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
    }

    /**
     * The leader's answer, or a transport failure ({@code timedOut}: the leader may have applied it). {@code notLeader}:
     * the write was certainly not applied there, or it carries an Idempotency-Key so sending it again is safe; the
     * sender looks for the leader again (a node that stepped down, a leaving node, a container page while the
     * application is being unloaded, a connection broken under a keyed write).
     */
    public record Answer(EndpointClient.Reply reply, boolean notLeader) {
    }

    public Answer forward(String leaderUrl, Request r) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(leaderUrl + r.pathAndQuery()))
                .timeout(timeout(r.body() == null ? 0 : r.body().length))
                .header(FORWARDED_HEADER, "1");
        r.headers().forEach((k, v) -> {
            if (v != null) b.header(k, v);
        });
        b.method(r.method(), r.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(r.body()));
        try {
            HttpResponse<byte[]> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(new EndpointClient.Reply(resp.statusCode(), resp.body(), null, false),
                    notProcessed(resp.statusCode(), resp.headers().firstValue(NOT_LEADER_HEADER).isPresent(),
                            resp.headers().firstValue("Content-Type").orElse(""), resp.body()));
        } catch (java.net.ConnectException e) {
            return new Answer(new EndpointClient.Reply(0, new byte[0], "leader unreachable", false), false);
        } catch (java.net.http.HttpTimeoutException e) {
            return new Answer(new EndpointClient.Reply(0, new byte[0], "leader timed out", true), keyed(r));
        } catch (java.io.IOException e) {
            return new Answer(new EndpointClient.Reply(0, new byte[0], "leader connection failed: " + e.getMessage(),
                    true), keyed(r));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(new EndpointClient.Reply(0, new byte[0], "interrupted", true), false);
        } catch (IllegalArgumentException e) {
            return new Answer(new EndpointClient.Reply(0, new byte[0], "bad leader address " + leaderUrl, false), false);
        }
    }

    /**
     * Whether an answer says the write never reached a sequencer: the leader's own "not leader", a stopping node's
     * 503 {@value #NODE_STOPPING}, or an answer that is not JSON (every answer of the application is JSON; a container
     * page, e.g. Payara's HTML 404 while it unloads the application, is not).
     */
    static boolean notProcessed(int status, boolean notLeaderHeader, String contentType, byte[] body) {
        if (status == 503 && notLeaderHeader) return true;
        if (!contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) return status >= 400;
        if (status != 503) return false;
        try {
            return NODE_STOPPING.equals(Json.MAPPER.readTree(body).path("error").asText(null));
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** A write with an Idempotency-Key may be sent again after a broken connection: the next leader settles it. */
    private static boolean keyed(Request r) {
        return r.headers().get("Idempotency-Key") != null;
    }
}
