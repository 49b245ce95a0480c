package org.pyql.e2e.partition;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.PyqlClient;
import org.pyql.e2e.harness.PyqlNode;

/**
 * Requests to a node that may be cut off: short timeouts (a request that hangs counts as no answer, status -1) instead
 * of {@link PyqlClient}'s 60 s, admin Basic credentials.
 */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    static final Duration TIMEOUT = Duration.ofSeconds(8);

    private Http() {
    }

    record Answer(int status, JsonNode json) {
        String error() {
            return json == null ? "" : json.path("error").asText();
        }
    }

    static Answer send(PyqlNode node, String method, String path, Object body) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(node.url(path)).timeout(TIMEOUT)
                .header("Authentication", "Basic " + PyqlClient.basic(PyqlNode.ADMIN_USER, node.adminPassword()));
        if (body == null) {
            rb.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            rb.header("Content-Type", "application/json");
            rb.method(method, HttpRequest.BodyPublishers.ofString(Json.write(Json.tree(body)), StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> r = CLIENT.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode json;
            try {
                json = r.body().isEmpty() ? null : Json.MAPPER.readTree(r.body());
            } catch (IOException notJson) {
                json = null;
            }
            return new Answer(r.statusCode(), json);
        } catch (IOException e) {
            return new Answer(-1, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int status(PyqlNode node, String method, String path, Object body) {
        return send(node, method, path, body).status();
    }

    /** The JSON of a GET that answered (any status); fails when the node did not answer. */
    static JsonNode json(PyqlNode node, String path) {
        Answer a = send(node, "GET", path, null);
        if (a.status() < 0 || a.json() == null) throw new AssertionError("GET " + path + " on " + node + ": no JSON answer");
        return a.json();
    }
}
