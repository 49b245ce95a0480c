package org.pyql.coordination;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Whether this node has the CP majority, from two signals (pure logic over what the probe loop records; times are
 * {@code System.nanoTime()} values passed in, so tests can drive it):
 *
 * <ul>
 *   <li><b>Membership</b> (instant, local): how many members of the METADATA CP group, as last seen by a successful
 *       probe, are in the current member list. Fewer than a majority means no quorum at once: a killed member leaves
 *       the member list within about a second, long before a CP call would time out.</li>
 *   <li><b>A cheap CP call</b> (the probe loop, about once a second): a linearizable read of the METADATA group and of
 *       an atomic long in the default group. Quorum needs a success within {@link #GRACE_NANOS}; a leader election
 *       (about 4.4 s, with the one call in flight failing) stays inside that grace, so readiness does not flap when a
 *       CP leader dies while the majority is fine.</li>
 * </ul>
 */
final class QuorumTracker {
    /** How long the last successful probe counts when calls are failing while the membership majority is there. */
    static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(8);

    record Verdict(boolean inQuorum, String reason) {
    }

    private volatile Set<UUID> metadataMembers = Set.of();
    private volatile long lastOk = Long.MIN_VALUE;
    private volatile long lastOkEpochMillis;
    private volatile long probeStarted = Long.MIN_VALUE;
    private volatile String lastFailure;
    private volatile boolean discoveryCompleted;
    private volatile long failingSinceMillis = -1;
    private final long[] latenciesMicros = new long[512];
    private int latencyCount;

    void discoveryCompleted(boolean done) {
        discoveryCompleted = done;
    }

    boolean discoveryCompleted() {
        return discoveryCompleted;
    }

    void probeStarted(long now) {
        probeStarted = now;
    }

    void probeOk(Collection<UUID> metadata, long now, long cpCallMicros) {
        metadataMembers = Set.copyOf(metadata);
        lastOk = now;
        lastOkEpochMillis = System.currentTimeMillis();
        lastFailure = null;
        failingSinceMillis = -1;
        probeStarted = Long.MIN_VALUE;
        synchronized (latenciesMicros) {
            latenciesMicros[latencyCount % latenciesMicros.length] = cpCallMicros;
            latencyCount++;
        }
    }

    void probeFailed(String failure) {
        lastFailure = failure;
        if (failingSinceMillis < 0) failingSinceMillis = System.currentTimeMillis();
        probeStarted = Long.MIN_VALUE;
    }

    Set<UUID> metadataMembers() {
        return metadataMembers;
    }

    long lastOkEpochMillis() {
        return lastOkEpochMillis;
    }

    /** Since when (epoch ms) CP calls have been failing without a success in between, or -1. */
    long failingSinceMillis() {
        return failingSinceMillis;
    }

    String lastFailure() {
        return lastFailure;
    }

    /** Live METADATA members ({@code live}: the CP identities of the live members), or -1 before any probe succeeded. */
    int liveMetadataMembers(Set<UUID> live) {
        Set<UUID> meta = metadataMembers;
        if (meta.isEmpty()) return -1;
        int n = 0;
        for (UUID u : meta) {
            if (live.contains(u)) n++;
        }
        return n;
    }

    /** Whether the METADATA majority is visibly gone from the member list (false when unknown). */
    boolean majorityVisiblyLost(Set<UUID> live) {
        int n = liveMetadataMembers(live);
        return n >= 0 && n < CpHealPlan.majority(metadataMembers.size());
    }

    Verdict evaluate(Set<UUID> live, long now) {
        if (!discoveryCompleted) {
            return new Verdict(false, "CP discovery in progress (" + live.size() + " member(s) present)");
        }
        int liveMeta = liveMetadataMembers(live);
        if (liveMeta < 0) {
            return new Verdict(false, lastFailure == null ? "no CP call has succeeded yet" : "CP calls failing: " + lastFailure);
        }
        int size = metadataMembers.size();
        if (liveMeta < CpHealPlan.majority(size)) {
            return new Verdict(false, "CP majority lost: " + liveMeta + " of " + size + " CP members present");
        }
        long sinceOk = now - lastOk;
        if (sinceOk <= GRACE_NANOS) return new Verdict(true, "CP majority reachable");
        return new Verdict(false, "no successful CP call for " + TimeUnit.NANOSECONDS.toSeconds(sinceOk) + " s"
                + (lastFailure == null ? (probeStarted != Long.MIN_VALUE ? " (call pending)" : "") : ": " + lastFailure));
    }

    /** p50 and p99 of the recent CP call latencies in microseconds, or null before the first one. */
    long[] latencyPercentiles() {
        long[] copy;
        synchronized (latenciesMicros) {
            int n = Math.min(latencyCount, latenciesMicros.length);
            if (n == 0) return null;
            copy = Arrays.copyOf(latenciesMicros, n);
        }
        Arrays.sort(copy);
        return new long[] {copy[(int) Math.floor((copy.length - 1) * 0.50)], copy[(int) Math.floor((copy.length - 1) * 0.99)],
                copy.length};
    }
}
