package org.pyql.config;

import java.util.function.Function;

/**
 * Healing settings of a cluster node, read like {@link PyqlConfig}: {@code PYQL_ENDPOINT_EVICT_AFTER_SECONDS} (default
 * 0 = off) evicts an endpoint from its data cluster once it has answered none of the health checker's probes for that
 * long (its replicas are dropped from every table). Any answer starts the count over, so a restart shorter than the
 * threshold never evicts; the minimum, {@value #MIN_EVICT_SECONDS} s, keeps a typo from evicting restarting pods.
 */
public record HealSettings(long evictAfterSeconds) {
    public static final String EVICT_AFTER = "PYQL_ENDPOINT_EVICT_AFTER_SECONDS";
    public static final long MIN_EVICT_SECONDS = 60;

    public static HealSettings load() {
        return from(name -> {
            String v = System.getProperty(name);
            return v != null ? v : System.getenv(name);
        });
    }

    public static HealSettings from(Function<String, String> source) {
        String v = source.apply(EVICT_AFTER);
        if (v == null || v.isBlank()) return new HealSettings(0);
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n != 0 && n < MIN_EVICT_SECONDS) {
            throw new IllegalStateException(EVICT_AFTER + " must be 0 (off) or a whole number of seconds of at least "
                    + MIN_EVICT_SECONDS + ", not '" + v.trim() + "'");
        }
        return new HealSettings(n);
    }

    public boolean evicts() {
        return evictAfterSeconds > 0;
    }
}
