package org.pyql.auth;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;

import org.pyql.error.UnauthorizedException;

/**
 * Issues and verifies JWTs with the node's {@link KeyRing}: HS256 only, the active key's id in the {@code kid}
 * header, claims {@code sub}, {@code name}, {@code typ}, {@code iat}, {@code exp}, {@code jti}. Verification looks
 * up the key by {@code kid} (a retired or unknown key fails), is pinned to HS256 and this issuer, so {@code none},
 * other algorithms and other keys are rejected.
 */
public final class TokenService {
    private static final String ISSUER = "pyql";
    private final KeyRing ring;
    private final Map<String, JWTVerifier> verifiers = new ConcurrentHashMap<>();

    public TokenService(KeyRing ring) {
        this.ring = ring;
    }

    public KeyRing ring() {
        return ring;
    }

    /** A verified token's caller, its id and when it expires. */
    /** {@code keyRetiresAtMillis}: when the signing key stops verifying (0: it is the active key). */
    public record Verified(Caller caller, String jti, long expiresAtMillis, long keyRetiresAtMillis) {
    }

    public String issue(Caller caller, TokenType type, long ttlSeconds) {
        Instant now = Instant.now();
        SigningKey key = ring.active();
        return JWT.create()
                .withKeyId(key.kid())
                .withIssuer(ISSUER)
                .withSubject(caller.id())
                .withClaim("name", caller.username())
                .withClaim("typ", type.claim())
                .withClaim("adm", caller.admin())
                .withIssuedAt(now)
                .withExpiresAt(now.plusSeconds(ttlSeconds))
                .withJWTId(UUID.randomUUID().toString())
                .sign(Algorithm.HMAC256(key.secret()));
    }

    /** The caller a valid token names; 401 for anything else (no detail that helps forging). */
    public Caller verify(String token) {
        return verifyWithExpiry(token).caller();
    }

    public Verified verifyWithExpiry(String token) {
        try {
            String kid = JWT.decode(token).getKeyId();
            SigningKey key = kid == null ? null : ring.verifying(kid, System.currentTimeMillis()).orElse(null);
            if (key == null) throw new UnauthorizedException("token authentication failed");
            DecodedJWT jwt = verifiers.computeIfAbsent(kid, k -> JWT.require(Algorithm.HMAC256(key.secret()))
                    .withIssuer(ISSUER).acceptLeeway(5).build()).verify(token);
            TokenType type = TokenType.fromClaim(jwt.getClaim("typ").asString());
            if (type == null || jwt.getExpiresAt() == null || jwt.getId() == null) {
                throw new UnauthorizedException("token authentication failed", "token has no valid type, id or expiry");
            }
            return new Verified(new Caller(jwt.getSubject(), jwt.getClaim("name").asString(),
                    Boolean.TRUE.equals(jwt.getClaim("adm").asBoolean()), type, false),
                    jwt.getId(), jwt.getExpiresAt().getTime(), key.retiresAtMillis());
        } catch (TokenExpiredException e) {
            throw new UnauthorizedException("token expired");
        } catch (JWTDecodeException e) {
            throw new UnauthorizedException("token authentication failed", "not a JWT");
        } catch (JWTVerificationException e) {
            throw new UnauthorizedException("token authentication failed");
        }
    }
}
