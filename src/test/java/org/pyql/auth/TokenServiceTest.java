package org.pyql.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.pyql.error.UnauthorizedException;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;

class TokenServiceTest {
    private static final Caller ALICE = new Caller("id-1", "alice", false, TokenType.USER, true);

    private final KeyRing ring = KeyRing.generate(System.currentTimeMillis());
    private final TokenService tokens = new TokenService(ring);

    @Test
    void issuedTokenVerifiesToItsCallerAsATokenLogin() {
        Caller c = tokens.verify(tokens.issue(ALICE, TokenType.USER, 60));
        assertEquals("id-1", c.id());
        assertEquals("alice", c.username());
        assertEquals(TokenType.USER, c.type());
        assertFalse(c.admin());
        assertFalse(c.passwordLogin());
    }

    @Test
    void expiredTokenIsRejected() {
        String t = tokens.issue(ALICE, TokenType.USER, -60);
        UnauthorizedException e = assertThrows(UnauthorizedException.class, () -> tokens.verify(t));
        assertEquals("token expired", e.error());
    }

    @Test
    void tokenOfAnotherRingIsRejected() {
        String foreign = new TokenService(KeyRing.generate(System.currentTimeMillis())).issue(ALICE, TokenType.USER, 60);
        assertThrows(UnauthorizedException.class, () -> tokens.verify(foreign));
    }

    @Test
    void tamperedPayloadIsRejected() {
        String[] parts = tokens.issue(ALICE, TokenType.USER, 60).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"typ\":\"user\"", "\"typ\":\"service\"");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThrows(UnauthorizedException.class, () -> tokens.verify(forged));
    }

    @Test
    void unsignedAndOtherAlgorithmTokensAreRejected() {
        String kid = ring.active().kid();
        String none = JWT.create().withKeyId(kid).withIssuer("pyql").withSubject("id-1").withClaim("typ", "user")
                .withJWTId("j").withExpiresAt(new java.util.Date(System.currentTimeMillis() + 60_000))
                .sign(Algorithm.none());
        assertThrows(UnauthorizedException.class, () -> tokens.verify(none));
        String hs512 = JWT.create().withKeyId(kid).withIssuer("pyql").withSubject("id-1").withClaim("typ", "user")
                .withJWTId("j").withExpiresAt(new java.util.Date(System.currentTimeMillis() + 60_000))
                .sign(Algorithm.HMAC512(ring.active().secret()));
        assertThrows(UnauthorizedException.class, () -> tokens.verify(hs512));
    }

    @Test
    void tokenWithoutTypeOrWithUnknownTypeIsRejected() {
        byte[] secret = ring.active().secret();
        String noType = JWT.create().withKeyId(ring.active().kid()).withIssuer("pyql").withSubject("x").withJWTId("j")
                .withExpiresAt(new java.util.Date(System.currentTimeMillis() + 60_000)).sign(Algorithm.HMAC256(secret));
        assertThrows(UnauthorizedException.class, () -> tokens.verify(noType));
        String unknownType = JWT.create().withKeyId(ring.active().kid()).withIssuer("pyql").withSubject("x")
                .withClaim("typ", "admin").withJWTId("j")
                .withExpiresAt(new java.util.Date(System.currentTimeMillis() + 60_000)).sign(Algorithm.HMAC256(secret));
        assertThrows(UnauthorizedException.class, () -> tokens.verify(unknownType));
    }

    @Test
    void garbageIsRejected() {
        assertThrows(UnauthorizedException.class, () -> tokens.verify("not-a-jwt"));
        assertThrows(UnauthorizedException.class, () -> tokens.verify(""));
    }

    @Test
    void rotationKeepsOldTokensValidDuringTheOverlapOnly() {
        long now = System.currentTimeMillis();
        String before = tokens.issue(ALICE, TokenType.USER, 600);
        KeyRing rotated = ring.rotate(now, 60_000);
        assertNotEquals(ring.active().kid(), rotated.active().kid());
        TokenService after = new TokenService(rotated);
        assertEquals("alice", after.verify(before).username());
        assertEquals("alice", after.verify(after.issue(ALICE, TokenType.USER, 60)).username());
        KeyRing expiredOverlap = ring.rotate(now - 120_000, 60_000);
        assertThrows(UnauthorizedException.class, () -> new TokenService(expiredOverlap).verify(before));
    }

    @Test
    void keyRingRoundTripsThroughJsonAndNeverPrintsSecrets() {
        KeyRing rotated = ring.rotate(System.currentTimeMillis(), 1000);
        assertEquals(rotated, KeyRing.fromJson(rotated.toJson()));
        String secret = Base64.getEncoder().encodeToString(rotated.active().secret());
        assertFalse(rotated.toString().contains(secret));
        assertTrue(rotated.toString().contains(rotated.active().kid()));
    }
}
