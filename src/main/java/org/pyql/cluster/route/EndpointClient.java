package org.pyql.cluster.route;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * HTTP/1.1 keep-alive calls from a cluster node to data endpoints, with the endpoint's own token. One client for the
 * node (its connection pool is what keeps the per-request cost low); every call has a timeout, and the outcome is a
 * {@link Reply}: a status and body, or a transport failure that says whether the request may have reached the
 * endpoint ({@code timedOut}) or certainly did not ({@code refused}).
 */
@ApplicationScoped
public class EndpointClient {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final java.util.concurrent.ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "pyql-endpoint-client");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).executor(executor).build();

    /** What an endpoint answered, or why it did not. */
    public record Reply(int status, byte[] body, String failure, boolean timedOut) {
        public boolean ok() {
            return failure == null && status == 200;
        }

        public boolean answered() {
            return failure == null;
        }

        /** The body as JSON (an error object for a transport failure or a body that is not JSON). */
        public JsonNode json() {
            if (failure != null) return JSON.createObjectNode().put("error", failure);
            try {
                return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                return JSON.createObjectNode().put("error", "endpoint answered " + status + " with a body that is not JSON");
            }
        }

        @Override
        public String toString() {
            return failure != null ? failure : "HTTP " + status;
        }
    }

    public CompletableFuture<Reply> get(Replica r, String suffix, Duration timeout) {
        return send(r, "GET", suffix, null, null, timeout);
    }

    public CompletableFuture<Reply> post(Replica r, String suffix, byte[] body, Duration timeout) {
        return send(r, "POST", suffix, body, null, timeout);
    }

    /**
     * {@code suffix} is appended to {@code http://host:port/db/<db>} (e.g. {@code /table/t/select}); it is built from
     * validated table names and URL-encoded keys only. {@code minSeq} (nullable) asks for a replica at that seq.
     */
    public CompletableFuture<Reply> send(Replica r, String method, String suffix, byte[] body, Long minSeq,
                                         Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(r.baseUrl() + suffix)).timeout(timeout)
                .header("Authentication", "Token " + r.token()).header("Accept", "application/json");
        if (minSeq != null) b.header("X-Pyql-Min-Seq", Long.toString(minSeq));
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray())
                    .thenApply(resp -> new Reply(resp.statusCode(), resp.body(), null, false))
                    .exceptionally(EndpointClient::failed);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Reply(0, new byte[0], "bad endpoint address " + r.path(), false));
        }
    }

    private static Reply failed(Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        boolean timedOut = c instanceof HttpTimeoutException && !(c instanceof java.net.http.HttpConnectTimeoutException);
        String what = timedOut ? "timed out" : c instanceof java.net.ConnectException ? "connection refused"
                : c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
        // a timeout after the connection was made: the endpoint may have applied the request
        return new Reply(0, new byte[0], what, timedOut || c instanceof IOException && !(c instanceof java.net.ConnectException));
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
    }
}
