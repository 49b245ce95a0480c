package org.pyql.cluster.heal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Since when each probed endpoint has been missing (no answer), on this node. Any answer forgets the endpoint, so only
 * an unbroken silence of {@code evictAfterMillis} makes it due: a restart shorter than that never counts. Kept in
 * memory: a node that starts (or becomes a table's leader) counts from its own first failed probe, later, never
 * earlier.
 */
final class MissingEndpoints {
    private final long evictAfterMillis;
    private final Map<String, Long> missingSince = new ConcurrentHashMap<>();

    MissingEndpoints(long evictAfterMillis) {
        this.evictAfterMillis = evictAfterMillis;
    }

    void answered(String endpoint) {
        missingSince.remove(endpoint);
    }

    /** A probe got no answer at {@code now}; true when the endpoint has been missing for the whole threshold. */
    boolean missed(String endpoint, long now) {
        long since = missingSince.computeIfAbsent(endpoint, k -> now);
        return now - since >= evictAfterMillis;
    }

    /** How long the endpoint has been missing at {@code now} (0 when it answered last). */
    long missingFor(String endpoint, long now) {
        Long since = missingSince.get(endpoint);
        return since == null ? 0 : now - since;
    }

    void forget(String endpoint) {
        missingSince.remove(endpoint);
    }
}
