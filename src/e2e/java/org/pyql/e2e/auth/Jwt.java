package org.pyql.e2e.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Consumer;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pyql.e2e.harness.Json;

/** Reading and forging JWTs in tests (the node's keys are never available, so forgeries use other keys). */
final class Jwt {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Jwt() {
    }

    static ObjectNode header(String jwt) {
        return part(jwt, 0);
    }

    static ObjectNode payload(String jwt) {
        return part(jwt, 1);
    }

    static String kid(String jwt) {
        return header(jwt).path("kid").asText(null);
    }

    private static ObjectNode part(String jwt, int i) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) throw new AssertionError("not a JWT: " + parts.length + " parts");
        JsonNode n = Json.parse(new String(Base64.getUrlDecoder().decode(parts[i]), StandardCharsets.UTF_8));
        if (!n.isObject()) throw new AssertionError("JWT part " + i + " is not an object");
        return (ObjectNode) n;
    }

    /** The same token with its payload changed by {@code change} and the original signature kept. */
    static String withPayload(String jwt, Consumer<ObjectNode> change) {
        String[] parts = jwt.split("\\.");
        ObjectNode p = payload(jwt);
        change.accept(p);
        return parts[0] + "." + encode(Json.write(p)) + "." + parts[2];
    }

    /** The same token with one signature character flipped. */
    static String withFlippedSignature(String jwt) {
        String[] parts = jwt.split("\\.");
        int i = parts[2].length() / 2;
        char c = parts[2].charAt(i);
        String sig = parts[2].substring(0, i) + (c == 'A' ? 'B' : 'A') + parts[2].substring(i + 1);
        return parts[0] + "." + parts[1] + "." + sig;
    }

    /** {@code alg: none}, no signature, the given payload. */
    static String unsigned(String jwt) {
        String[] parts = jwt.split("\\.");
        ObjectNode h = header(jwt);
        h.put("alg", "none");
        return encode(Json.write(h)) + "." + parts[1] + ".";
    }

    /**
     * A token with the documented claims ({@code iss pyql, sub, name, typ, iat, exp, jti}, {@code kid} header) signed
     * HS256 with a random key that no node has. {@code kid} null: no kid header.
     */
    static String forge(String kid, String sub, String name, String typ, Instant iat, Instant exp) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        var b = JWT.create().withIssuer("pyql").withSubject(sub).withClaim("name", name).withClaim("typ", typ)
                .withIssuedAt(iat).withExpiresAt(exp).withJWTId(UUID.randomUUID().toString());
        if (kid != null) b.withKeyId(kid);
        return b.sign(Algorithm.HMAC256(key));
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
