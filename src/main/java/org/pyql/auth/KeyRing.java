package org.pyql.auth;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The signing keys in force: exactly one active key (the newest, it signs) and the keys it replaced until their
 * overlap window ends, so tokens issued just before a rotation stay valid until they would have expired anyway.
 * Immutable; {@link #rotate} returns a new ring.
 */
public record KeyRing(List<SigningKey> keys) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public KeyRing {
        keys = List.copyOf(keys);
        if (keys.isEmpty() || keys.get(0).retiresAtMillis() != 0) {
            throw new IllegalArgumentException("a key ring starts with its active key");
        }
    }

    /** A ring with one fresh 256-bit key from a CSPRNG. */
    public static KeyRing generate(long nowMillis) {
        return new KeyRing(List.of(newKey(nowMillis)));
    }

    private static SigningKey newKey(long nowMillis) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new SigningKey(UUID.randomUUID().toString(), secret, nowMillis, 0);
    }

    public SigningKey active() {
        return keys.get(0);
    }

    /** The key {@code kid} if it may still verify at {@code nowMillis}. */
    public Optional<SigningKey> verifying(String kid, long nowMillis) {
        for (SigningKey k : keys) {
            if (k.kid().equals(kid)) return k.validAt(nowMillis) ? Optional.of(k) : Optional.empty();
        }
        return Optional.empty();
    }

    /** A new active key; the current one keeps verifying for {@code overlapMillis}; keys past their window drop out. */
    public KeyRing rotate(long nowMillis, long overlapMillis) {
        List<SigningKey> next = new ArrayList<>();
        next.add(newKey(nowMillis));
        SigningKey current = active();
        next.add(new SigningKey(current.kid(), current.secret(), current.createdAtMillis(), nowMillis + overlapMillis));
        for (SigningKey k : keys.subList(1, keys.size())) {
            if (k.validAt(nowMillis)) next.add(k);
        }
        return new KeyRing(next);
    }

    public JsonNode toJson() {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (SigningKey k : keys) {
            a.addObject().put("kid", k.kid()).put("secret", Base64.getEncoder().encodeToString(k.secret()))
                    .put("created", k.createdAtMillis()).put("retires", k.retiresAtMillis());
        }
        return a;
    }

    /** A ring as stored (JSON text); unreadable stored keys are a broken state, not a client mistake. */
    public static KeyRing fromJsonText(String json) {
        try {
            return fromJson(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored key ring is unreadable", e);
        }
    }

    public static KeyRing fromJson(JsonNode json) {
        List<SigningKey> keys = new ArrayList<>();
        for (JsonNode k : json) {
            keys.add(new SigningKey(k.get("kid").asText(), Base64.getDecoder().decode(k.get("secret").asText()),
                    k.get("created").asLong(), k.get("retires").asLong()));
        }
        return new KeyRing(keys);
    }

    /** Key ids and windows only; never the secrets. */
    @Override
    public String toString() {
        return "KeyRing" + keys;
    }
}
