package org.pyql.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import jakarta.enterprise.context.ApplicationScoped;

import org.pyql.error.TooManyRequestsException;
import org.pyql.error.UnauthorizedException;

/**
 * Turns the request's credential into a {@link Caller}. Accepts the original's {@code Authentication: Token|Basic}
 * and the standard {@code Authorization: Bearer|Basic}. A Basic check costs a PBKDF2 derivation, so a successful one
 * is remembered for a short while under a SHA-256 of the credential (never the credential itself); failures are
 * counted per user (ten lock the user out for a minute) and per client address (thirty) in {@link FailedLogins}.
 * Remembered logins and tokens of a user are forgotten as soon as the directory reports that the user changed (a
 * password change or deletion on any node: {@link PrincipalDirectory#onChange}).
 */
@ApplicationScoped
public class Authenticator {
    private static final Duration BASIC_CACHE = Duration.ofMinutes(1);
    /** Logins and tokens remembered at most; past that the least useful are evicted (Caffeine's W-TinyLFU). */
    private static final int MAX_CACHED = 10_000;
    /** Names and addresses whose failures are counted at most (a flood of names cannot exhaust memory). */
    private static final int MAX_TRACKED_FAILURES = 100_000;
    private static final int MAX_FAILURES = 10;
    /** Per client address: more than one user's worth, so a few people behind one proxy are not locked out together. */
    private static final int MAX_CLIENT_FAILURES = 30;
    private static final Duration FAILURE_WINDOW = Duration.ofMinutes(1);

    private volatile PrincipalDirectory directory;
    private volatile TokenService tokens;
    private volatile java.util.function.BooleanSupplier unknownKeyRefresher;
    private static final long TOKEN_CACHE_NANOS = 60_000_000_000L;
    private final Cache<String, CachedCaller> basicCache = Caffeine.newBuilder().maximumSize(MAX_CACHED)
            .expireAfterWrite(BASIC_CACHE).build();
    private final Cache<String, CachedCaller> tokenCache = Caffeine.newBuilder().maximumSize(MAX_CACHED)
            .expireAfterWrite(Duration.ofNanos(TOKEN_CACHE_NANOS)).build();
    private final FailedLogins failures;
    /**
     * Counts {@link #forgetPrincipal} calls: a login checked against the directory is remembered only if no principal
     * changed meanwhile, so a password change that lands during the (slow) PBKDF2 check cannot be cached over.
     */
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

    /** {@code until}: a {@link System#nanoTime()} after which the entry must not be used (a token's expiry). */
    private record CachedCaller(Caller caller, long until) {
    }

    public Authenticator() {
        this(new FailedLogins(MAX_TRACKED_FAILURES, FAILURE_WINDOW, Ticker.systemTicker()));
    }

    Authenticator(FailedLogins failures) {
        this.failures = failures;
    }

    /** Where Basic logins are checked and token principals must still exist (local or cluster users). */
    public void useDirectory(PrincipalDirectory principals) {
        this.directory = principals;
        principals.onChange(this::forgetPrincipal);
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
        tokenCache.invalidateAll();
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
        CachedCaller cached = tokenCache.getIfPresent(jwt);
        if (cached != null && cached.until - now > 0) return cached.caller;
        long generation = changes.get();
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
        if (changes.get() == generation) {
            tokenCache.put(jwt, new CachedCaller(v.caller(), Math.min(untilExpiry, now + TOKEN_CACHE_NANOS)));
        }
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
        checkNotLockedOut("u:" + username);   // before the cache: a locked-out user stays locked out
        if (client != null) checkNotLockedOut("c:" + client);
        CachedCaller cached = basicCache.getIfPresent(cacheKey);
        if (cached != null && cached.until - now > 0) return cached.caller;
        long generation = changes.get();
        Principal p = directory.byUsername(username).orElse(null);
        if (p == null || !PasswordHasher.verify(password, p.passwordHash())) {
            if (p == null) PasswordHasher.verify(password, DUMMY_HASH);   // same cost whether or not the user exists
            failures.fail("u:" + username, MAX_FAILURES);
            if (client != null) failures.fail("c:" + client, MAX_CLIENT_FAILURES);
            throw new UnauthorizedException("authentication failed", "wrong username or password");
        }
        failures.succeeded("u:" + username);
        Caller caller = new Caller(p.id(), p.username(), p.admin(), TokenType.USER, true);
        if (changes.get() == generation) basicCache.put(cacheKey, new CachedCaller(caller, now + BASIC_CACHE.toNanos()));
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

    /** Forgets every remembered Basic login and token. */
    public void forgetCachedLogins() {
        basicCache.invalidateAll();
        tokenCache.invalidateAll();
    }

    /**
     * Forgets the remembered logins and tokens of principal {@code id}: its password changed, it was deleted or its
     * role changed, here or on another node. The next request checks the directory again.
     */
    public void forgetPrincipal(String id) {
        changes.incrementAndGet();
        basicCache.asMap().values().removeIf(c -> c.caller().id().equals(id));
        tokenCache.asMap().values().removeIf(c -> c.caller().id().equals(id));
    }

    private void checkNotLockedOut(String key) {
        if (failures.lockedOut(key)) {
            throw new TooManyRequestsException("too many failed logins", "try again in a minute");
        }
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
