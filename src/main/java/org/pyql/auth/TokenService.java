package org.pyql.auth;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;

import org.pyql.error.UnauthorizedException;

/**
 * Issues and verifies this node's JWTs: HS256 with a 256-bit key from a CSPRNG, claims {@code sub}, {@code name},
 * {@code typ}, {@code iat}, {@code exp}, {@code jti}. The verifier is pinned to HS256 and this issuer, so {@code none},
 * other algorithms and other keys fail.
 */
public final class TokenService {
    private static final String ISSUER = "pyql";
    private final Algorithm algorithm;
    private final JWTVerifier verifier;

    public TokenService(byte[] key) {
        this.algorithm = Algorithm.HMAC256(key);
        this.verifier = JWT.require(algorithm).withIssuer(ISSUER).acceptLeeway(5).build();
    }

    public static byte[] newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    public static String encodeKey(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }

    public static byte[] decodeKey(String encoded) {
        return Base64.getDecoder().decode(encoded);
    }

    public String issue(Caller caller, TokenType type, long ttlSeconds) {
        Instant now = Instant.now();
        return JWT.create()
                .withIssuer(ISSUER)
                .withSubject(caller.id())
                .withClaim("name", caller.username())
                .withClaim("typ", type.claim())
                .withIssuedAt(now)
                .withExpiresAt(now.plusSeconds(ttlSeconds))
                .withJWTId(UUID.randomUUID().toString())
                .sign(algorithm);
    }

    /** A verified token's caller and when the token expires. */
    public record Verified(Caller caller, long expiresAtMillis) {
    }

    /** The caller a valid token names; 401 for anything else (no detail that helps forging). */
    public Caller verify(String token) {
        return verifyWithExpiry(token).caller();
    }

    public Verified verifyWithExpiry(String token) {
        try {
            DecodedJWT jwt = verifier.verify(token);
            TokenType type = TokenType.fromClaim(jwt.getClaim("typ").asString());
            if (type == null || type == TokenType.ADMIN || jwt.getExpiresAt() == null) {
                throw new UnauthorizedException("token authentication failed", "token has no valid type or expiry");
            }
            return new Verified(new Caller(jwt.getSubject(), jwt.getClaim("name").asString(), type, false),
                    jwt.getExpiresAt().getTime());
        } catch (TokenExpiredException e) {
            throw new UnauthorizedException("token expired");
        } catch (JWTVerificationException e) {
            throw new UnauthorizedException("token authentication failed");
        }
    }
}
