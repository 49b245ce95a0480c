package org.pyql.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.pyql.error.TooManyRequestsException;
import org.pyql.error.UnauthorizedException;

/**
 * Turns the request's credential into a {@link Caller}. Accepts the original's {@code Authentication: Token|Basic}
 * and the standard {@code Authorization: Bearer|Basic}. A Basic check costs a PBKDF2 derivation, so a successful one
 * is remembered for a short while under a SHA-256 of the credential (never the credential itself); failures are
 * counted per user (ten lock the user out for a minute) and per client address (thirty).
 */
@ApplicationScoped
public class Authenticator {
    private static final long BASIC_CACHE_NANOS = 60_000_000_000L;
    private static final int MAX_FAILURES = 10;
    /** Per client address: more than one user's worth, so a few people behind one proxy are not locked out together. */
    private static final int MAX_CLIENT_FAILURES = 30;
    private static final long FAILURE_WINDOW_NANOS = 60_000_000_000L;

    private volatile PrincipalDirectory directory;
    private volatile TokenService tokens;
    private volatile java.util.function.BooleanSupplier unknownKeyRefresher;
    private static final long TOKEN_CACHE_NANOS = 60_000_000_000L;
    private final Map<String, CachedCaller> basicCache = new ConcurrentHashMap<>();
    private final Map<String, CachedCaller> tokenCache = new ConcurrentHashMap<>();
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    private record CachedCaller(Caller caller, long until) {
    }

    private record Failures(int count, long since) {
    }

    /** Where Basic logins are checked and token principals must still exist (local or cluster users). */
    public void useDirectory(PrincipalDirectory principals) {
        this.directory = principals;
        forgetCachedLogins();
    }

    /** Called when a token fails verification; returns true when it installed a newer key ring worth a retry. */
    public void onUnknownKey(java.util.function.BooleanSupplier refresher) {
        this.unknownKeyRefresher = refresher;
    }

    public PrincipalDirectory directory() {
        return directory;
    }

    /** Installs a (new or rotated) key ring; tokens of retired keys must be verified again. */
    public void useKeys(KeyRing ring) {
        this.tokens = new TokenService(ring);
        tokenCache.clear();
    }

    public TokenService tokens() {
        return tokens;
    }

    /** The caller, or 401. {@code authentication} is the original header, {@code authorization} the standard one. */
    public Caller authenticate(String authentication, String authorization) {
        return authenticate(authentication, authorization, null);
    }

    /** As above; {@code client} (the remote address) is counted for failed password logins too. */
    public Caller authenticate(String authentication, String authorization, String client) {
        String header = authentication != null ? authentication : authorization;
        if (header == null || header.isBlank()) {
            throw new UnauthorizedException("missing Authentication",
                    "send 'Authentication: Token <jwt>' or 'Authentication: Basic base64(user:password)'");
        }
        header = header.trim();
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        String value = space < 0 ? "" : header.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Token") || scheme.equalsIgnoreCase("Bearer")) {
            return token(value);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            return basic(value, client);
        }
        throw new UnauthorizedException("unsupported authentication scheme", "use Token, Bearer or Basic");
    }

    /**
     * Verifying a JWT (HMAC plus two JSON parses) costs more than a GET by key itself, so a verified token is
     * remembered until its expiry (at most a minute). The key is the whole token including its signature.
     */
    private Caller token(String jwt) {
        long now = System.nanoTime();
        CachedCaller cached = tokenCache.get(jwt);
        if (cached != null && cached.until - now > 0) return cached.caller;
        TokenService.Verified v;
        try {
            v = tokens.verifyWithExpiry(jwt);
        } catch (UnauthorizedException e) {
            // a key rotated on another node: look at the cluster's ring once, then verify again
            java.util.function.BooleanSupplier refresh = unknownKeyRefresher;
            if (refresh == null || !refresh.getAsBoolean()) throw e;
            v = tokens.verifyWithExpiry(jwt);
        }
        if (!directory.exists(v.caller().id())) {
            throw new UnauthorizedException("token authentication failed", "the token's user no longer exists");
        }
        if (v.caller().type() == TokenType.JOIN) {
            // revocation must bite at once: join tokens are checked against the registry on every use, never cached
            if (!directory.joinTokenValid(v.jti())) throw new UnauthorizedException("join token revoked or unknown");
            return v.caller();
        }
        long validUntilMillis = v.keyRetiresAtMillis() > 0 ? Math.min(v.expiresAtMillis(), v.keyRetiresAtMillis())
                : v.expiresAtMillis();   // a retired key's tokens must stop when the key does, cached or not
        long untilExpiry = now + Math.max(0, validUntilMillis - System.currentTimeMillis()) * 1_000_000L;
        if (tokenCache.size() > 10_000) tokenCache.clear();
        tokenCache.put(jwt, new CachedCaller(v.caller(), Math.min(untilExpiry, now + TOKEN_CACHE_NANOS)));
        return v.caller();
    }

    private Caller basic(String encoded, String client) {
        String decoded = decodeBasic(encoded);
        if (decoded.endsWith("\n")) decoded = decoded.substring(0, decoded.length() - 1);   // echo 'u:p' | base64
        if (decoded.endsWith("\r")) decoded = decoded.substring(0, decoded.length() - 1);
        int colon = decoded.indexOf(':');
        if (colon < 1) {
            throw new UnauthorizedException("malformed Basic credentials",
                    "user and password separated by ':' (echo -n user:password | base64)");
        }
        String username = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        String cacheKey = sha256(decoded);
        long now = System.nanoTime();
        checkNotLockedOut("u:" + username, MAX_FAILURES, now);   // before the cache: a locked-out user stays locked out
        if (client != null) checkNotLockedOut("c:" + client, MAX_CLIENT_FAILURES, now);
        CachedCaller cached = basicCache.get(cacheKey);
        if (cached != null && cached.until - now > 0) return cached.caller;
        Principal p = directory.byUsername(username).orElse(null);
        if (p == null || !PasswordHasher.verify(password, p.passwordHash())) {
            if (p == null) PasswordHasher.verify(password, DUMMY_HASH);   // same cost whether or not the user exists
            countFailure("u:" + username, now);
            if (client != null) countFailure("c:" + client, now);
            throw new UnauthorizedException("authentication failed", "wrong username or password");
        }
        failures.remove("u:" + username);
        Caller caller = new Caller(p.id(), p.username(), p.admin(), TokenType.USER, true);
        if (basicCache.size() > 10_000) basicCache.clear();
        basicCache.put(cacheKey, new CachedCaller(caller, now + BASIC_CACHE_NANOS));
        return caller;
    }

    /**
     * Strict base64 (RFC 4648 alphabet, padding optional): anything outside the alphabet, including text after the
     * padding, is a 401, as are bytes that are not UTF-8 (the MIME decoder used before skipped unknown characters, so
     * {@code <valid base64>!garbage} logged in).
     */
    static String decodeBasic(String encoded) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new UnauthorizedException("malformed Basic credentials", "expected base64(user:password)");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UnauthorizedException("malformed Basic credentials", "user:password must be UTF-8");
        }
    }

    /** Forgets remembered Basic logins, e.g. after a password change. */
    public void forgetCachedLogins() {
        basicCache.clear();
        tokenCache.clear();
    }

    private void checkNotLockedOut(String key, int max, long now) {
        Failures f = failures.get(key);
        if (f != null && f.count >= max && now - f.since < FAILURE_WINDOW_NANOS) {
            throw new TooManyRequestsException("too many failed logins", "try again in a minute");
        }
    }

    private void countFailure(String key, long now) {
        if (failures.size() > 100_000) failures.clear();   // bounded: a flood of names cannot exhaust memory
        failures.merge(key, new Failures(1, now),
                (a, b) -> now - a.since > FAILURE_WINDOW_NANOS ? b : new Failures(a.count + 1, a.since));
    }

    private static final String DUMMY_HASH = PasswordHasher.hash("pyql-dummy-password-for-timing");

    private static String sha256(String s) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
