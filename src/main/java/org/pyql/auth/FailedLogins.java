package org.pyql.auth;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Failed logins per key (a user name or a client address) within a window, and the keys locked out because they
 * reached their limit. Both are bounded, expiring Caffeine caches, and they are kept apart on purpose: a spray of
 * made-up names fills (and evicts from) the counters only, while a key enters the lock-out cache only after
 * {@code max} failures of its own, so flooding the counters can never reset a victim's lock-out. A lock-out lasts
 * one window from the failure that caused it.
 */
final class FailedLogins {
    private record Count(int failures) {
    }

    private final Cache<String, Count> counts;
    private final Cache<String, Boolean> lockedOut;

    FailedLogins(long maxTracked, Duration window, Ticker ticker) {
        long windowNanos = window.toNanos();
        this.counts = Caffeine.newBuilder().maximumSize(maxTracked).ticker(ticker).executor(Runnable::run)
                .expireAfter(new Expiry<String, Count>() {
                    @Override
                    public long expireAfterCreate(String key, Count value, long currentTime) {
                        return windowNanos;   // the window starts at the first failure ...
                    }

                    @Override
                    public long expireAfterUpdate(String key, Count value, long currentTime, long currentDuration) {
                        return currentDuration;   // ... and later failures do not extend it
                    }

                    @Override
                    public long expireAfterRead(String key, Count value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                }).build();
        this.lockedOut = Caffeine.newBuilder().maximumSize(maxTracked).ticker(ticker).executor(Runnable::run)
                .expireAfterWrite(window).build();
    }

    /** Whether {@code key} is locked out now. */
    boolean lockedOut(String key) {
        return lockedOut.getIfPresent(key) != null;
    }

    /** Counts one failure of {@code key}; the {@code max}-th within the window locks it out. */
    void fail(String key, int max) {
        Count c = counts.asMap().merge(key, new Count(1), (a, b) -> new Count(a.failures() + 1));
        if (c.failures() >= max) {
            lockedOut.put(key, Boolean.TRUE);
            counts.invalidate(key);
        }
    }

    /** A successful login forgets the key's earlier failures (a lock-out is checked before and stays). */
    void succeeded(String key) {
        counts.invalidate(key);
    }
}
