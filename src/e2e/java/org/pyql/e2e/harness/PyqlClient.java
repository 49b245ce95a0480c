package org.pyql.e2e.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * An HTTP client for one node, immutable: {@code withBasic}, {@code withToken}, ... return a copy with that
 * credential. Every response is checked to be {@code Content-Type: application/json} with a parseable JSON body
 * (the API never answers HTML or plain text), else the call fails with the status and the start of the body.
 *
 * <p>Bodies: {@code null} sends none; a {@code String} is sent verbatim (so malformed JSON can be sent), a
 * {@code byte[]} as those bytes (so invalid UTF-8 can be sent); anything else (JsonNode, Map, List, ...) is serialised with Jackson.
 */
public final class PyqlClient {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final Map<String, String> headers;

    public PyqlClient(URI base) {
        this(base, Map.of());
    }

    private PyqlClient(URI base, Map<String, String> headers) {
        this.base = base;
        this.headers = Map.copyOf(headers);
    }

    public URI base() {
        return base;
    }

    // ------------------------------------------------------------------ credentials

    /** {@code Authentication: Basic base64(user:password)} (the original's header). */
    public PyqlClient withBasic(String user, String password) {
        return withOnly("Authentication", "Basic " + basic(user, password));
    }

    /** {@code Authorization: Basic base64(user:password)} (the standard header). */
    public PyqlClient withAuthorizationBasic(String user, String password) {
        return withOnly("Authorization", "Basic " + basic(user, password));
    }

    /** {@code Authentication: Token <jwt>}. */
    public PyqlClient withToken(String jwt) {
        return withOnly("Authentication", "Token " + jwt);
    }

    /** {@code Authorization: Bearer <jwt>}. */
    public PyqlClient withBearer(String jwt) {
        return withOnly("Authorization", "Bearer " + jwt);
    }

    /** Without any credential header. */
    public PyqlClient anonymous() {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.remove("Authentication");
        h.remove("Authorization");
        return new PyqlClient(base, h);
    }

    /** Adds or replaces one header (keeps the others). */
    public PyqlClient withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new PyqlClient(base, h);
    }

    private PyqlClient withOnly(String name, String value) {
        return anonymous().withHeader(name, value);
    }

    public static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ requests

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    /** Any method; the JSON checks apply. */
    public Response send(String method, String path, Object body) {
        return send(method, path, body, "application/json");
    }

    /** Any method with an explicit Content-Type for the body (null: no Content-Type header). */
    public Response send(String method, String path, Object body, String contentType) {
        Response r = exchange(method, path, body, contentType);
        r.assertJson();
        return r;
    }

    /** Like {@link #send} but without the JSON checks, for tests that inspect a response themselves. */
    public Response exchange(String method, String path, Object body, String contentType) {
        URI uri = base.resolve(path.startsWith("/") ? path : "/" + path);
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
        headers.forEach(rb::header);
        HttpRequest.BodyPublisher publisher;
        if (body == null) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else if (body instanceof byte[] bytes) {
            publisher = HttpRequest.BodyPublishers.ofByteArray(bytes);   // raw bytes, e.g. invalid UTF-8
            if (contentType != null) rb.header("Content-Type", contentType);
        } else {
            String text = body instanceof String s ? s : Json.write(Json.tree(body));
            publisher = HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
            if (contentType != null) rb.header("Content-Type", contentType);
        }
        rb.method(method, publisher);
        try {
            HttpResponse<String> resp = HTTP.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            OpenApiConformance.check(method, path, resp.statusCode(), resp.headers().firstValue("Content-Type").orElse(null),
                    resp.body());
            return new Response(method, path, resp.statusCode(), resp.headers(), resp.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(method + " " + uri + " interrupted", e);
        }
    }

    // ------------------------------------------------------------------ response

    /** A response: status, headers, the raw body and its JSON (MissingNode when empty or not JSON). */
    public static final class Response {
        private final String method;
        private final String path;
        private final int status;
        private final HttpHeaders headers;
        private final String raw;
        private final JsonNode json;
        private final String parseError;

        Response(String method, String path, int status, HttpHeaders headers, String raw) {
            this.method = method;
            this.path = path;
            this.status = status;
            this.headers = headers;
            this.raw = raw == null ? "" : raw;
            JsonNode parsed = MissingNode.getInstance();
            String error = null;
            if (!this.raw.isEmpty()) {
                try {
                    parsed = Json.readStrict(this.raw);
                } catch (IOException e) {
                    error = e.getMessage();
                }
            }
            this.json = parsed;
            this.parseError = error;
        }

        public int status() {
            return status;
        }

        public String raw() {
            return raw;
        }

        public JsonNode json() {
            return json;
        }

        public HttpHeaders headers() {
            return headers;
        }

        public Optional<String> contentType() {
            return headers.firstValue("Content-Type");
        }

        /** Fails unless Content-Type is application/json and the body (if any; HEAD has none) is JSON. */
        public Response assertJson() {
            String ct = contentType().orElse("");
            if (!ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                throw new AssertionError(describe() + ": Content-Type is '" + ct + "', not application/json");
            }
            if (!method.equals("HEAD")) {
                if (raw.isEmpty()) throw new AssertionError(describe() + ": empty body, expected JSON");
                if (parseError != null) throw new AssertionError(describe() + ": body is not JSON: " + parseError);
            }
            return this;
        }

        /** Fails unless the status is {@code expected}; error responses must also carry a JSON {@code error}. */
        public Response expect(int expected) {
            if (status != expected) {
                throw new AssertionError(describe() + ": expected status " + expected + " but was " + status);
            }
            if (status >= 400) assertErrorShape();
            return this;
        }

        /** An error body: {@code {"error": "<non-empty text>", "detail": ...}}. */
        public Response assertErrorShape() {
            JsonNode e = json.get("error");
            if (e == null || !e.isTextual() || e.textValue().isBlank()) {
                throw new AssertionError(describe() + ": error response without a JSON \"error\" text");
            }
            return this;
        }

        /** {@code data} of a select. */
        public ArrayNode data() {
            JsonNode d = json.get("data");
            if (d == null || !d.isArray()) throw new AssertionError(describe() + ": no \"data\" array");
            return (ArrayNode) d;
        }

        /** {@code error} text of an error response. */
        public String error() {
            assertErrorShape();
            return json.get("error").textValue();
        }

        /** {@code rows} of a write answer. */
        public long rows() {
            JsonNode r = json.get("rows");
            if (r == null || !r.canConvertToLong()) throw new AssertionError(describe() + ": no \"rows\" count");
            return r.longValue();
        }

        public String text(String field) {
            JsonNode v = json.get(field);
            if (v == null || !v.isTextual()) throw new AssertionError(describe() + ": no text field \"" + field + "\"");
            return v.textValue();
        }

        /** Names of the fields of the body object. */
        public java.util.List<String> fieldNames() {
            java.util.List<String> names = new java.util.ArrayList<>();
            for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) names.add(it.next());
            return names;
        }

        public String describe() {
            String body = raw.length() > 600 ? raw.substring(0, 600) + "..." : raw;
            return method + " " + path + " -> " + status + " " + body;
        }

        @Override
        public String toString() {
            return describe();
        }
    }
}
