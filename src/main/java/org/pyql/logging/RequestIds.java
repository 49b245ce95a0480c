package org.pyql.logging;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The request id of the request the current thread serves ({@code X-Request-Id}). A caller's id is kept when it is
 * sane (1 to 64 characters of letters, digits and {@code . _ : -}: nothing that could forge a log line or a header),
 * else the node makes one. Set and cleared around each request by the API's request filter; log records carry it.
 */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private RequestIds() {
    }

    /** {@code offered} when sane, else a fresh random id. */
    public static String acceptOrCreate(String offered) {
        return offered != null && SANE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }

    public static void set(String id) {
        CURRENT.set(id);
    }

    public static void clear() {
        CURRENT.remove();
    }

    /** The current request's id, or null outside a request (start-up, background threads). */
    public static String current() {
        return CURRENT.get();
    }
}
