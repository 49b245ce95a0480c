package org.pyql.config;

import java.util.function.Function;

/**
 * How long a data endpoint keeps its replication log (per table), read like {@link PyqlConfig}: entries beyond the
 * newest {@code PYQL_REPLICATION_LOG_MAX_ENTRIES} (default 100000) and entries older than
 * {@code PYQL_REPLICATION_LOG_MAX_AGE_SECONDS} (default 86400) are pruned after applies. A replica that fell further
 * behind than the log reaches is healed by a snapshot copy instead of a replay.
 */
public record ReplicationSettings(long logMaxEntries, long logMaxAgeSeconds) {
    public static final long DEFAULT_MAX_ENTRIES = 100_000;
    public static final long DEFAULT_MAX_AGE_SECONDS = 86_400;

    public static ReplicationSettings load() {
        return from(name -> {
            String v = System.getProperty(name);
            return v != null ? v : System.getenv(name);
        });
    }

    public static ReplicationSettings from(Function<String, String> source) {
        return new ReplicationSettings(
                positive(source, "PYQL_REPLICATION_LOG_MAX_ENTRIES", DEFAULT_MAX_ENTRIES),
                positive(source, "PYQL_REPLICATION_LOG_MAX_AGE_SECONDS", DEFAULT_MAX_AGE_SECONDS));
    }

    private static long positive(Function<String, String> source, String name, long dflt) {
        String v = source.apply(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            long n = Long.parseLong(v.trim());
            if (n < 1) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number of at least 1, not '" + v.trim() + "'");
        }
    }
}
