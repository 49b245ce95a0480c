package org.pyql.endpoint.replication;

import org.pyql.config.ReplicationSettings;

/**
 * Which log entries of a table to prune after an apply: everything more than {@code maxEntries} seqs behind the
 * applied seq, and (checked at most every {@link #AGE_CHECK_INTERVAL_MILLIS}, since it scans an index rather than a
 * key range) everything applied longer than {@code maxAgeSeconds} ago.
 */
record LogRetention(long maxEntries, long maxAgeSeconds) {
    static final long AGE_CHECK_INTERVAL_MILLIS = 10_000;

    static LogRetention of(ReplicationSettings s) {
        return new LogRetention(s.logMaxEntries(), s.logMaxAgeSeconds());
    }

    /** Entries with {@code seq <=} this go (0: none); the newest {@code maxEntries} stay. */
    long pruneUpToSeq(long appliedSeq) {
        return Math.max(0, appliedSeq - maxEntries);
    }

    /** Entries applied before this instant go. */
    long pruneBeforeMillis(long nowMillis) {
        return nowMillis - maxAgeSeconds * 1000;
    }

    /** Whether the age check is due, given when it last ran (0: never). */
    boolean ageCheckDue(long lastCheckMillis, long nowMillis) {
        return lastCheckMillis == 0 || nowMillis - lastCheckMillis >= AGE_CHECK_INTERVAL_MILLIS;
    }
}
