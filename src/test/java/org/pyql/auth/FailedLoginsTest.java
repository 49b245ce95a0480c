package org.pyql.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class FailedLoginsTest {
    private final AtomicLong nanos = new AtomicLong();
    private final FailedLogins tracker = new FailedLogins(1_000, Duration.ofMinutes(1), nanos::get);

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void theTenthFailureLocksOut() {
        for (int i = 0; i < 9; i++) tracker.fail("u:victim", 10);
        assertFalse(tracker.lockedOut("u:victim"));
        tracker.fail("u:victim", 10);
        assertTrue(tracker.lockedOut("u:victim"));
    }

    @Test
    void aNameSprayFarLargerThanTheTrackerDoesNotResetALockOut() {
        for (int i = 0; i < 10; i++) tracker.fail("u:victim", 10);
        // 100 times the tracker's capacity of made-up names, each failing once, and some locking themselves out too
        for (int i = 0; i < 100_000; i++) tracker.fail("u:spray-" + i, 10);
        for (int n = 0; n < 50; n++) {
            for (int i = 0; i < 10; i++) tracker.fail("u:locked-spray-" + n, 10);
        }
        assertTrue(tracker.lockedOut("u:victim"), "the victim stays locked out");
    }

    @Test
    void aLockOutEndsOneWindowAfterItBegan() {
        for (int i = 0; i < 10; i++) tracker.fail("u:victim", 10);
        advance(Duration.ofSeconds(59));
        assertTrue(tracker.lockedOut("u:victim"));
        advance(Duration.ofSeconds(2));
        assertFalse(tracker.lockedOut("u:victim"));
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        for (int i = 0; i < 9; i++) tracker.fail("u:slow", 10);
        advance(Duration.ofSeconds(61));
        tracker.fail("u:slow", 10);
        assertFalse(tracker.lockedOut("u:slow"), "nine old failures and one new one are not ten within a minute");
    }

    @Test
    void laterFailuresDoNotStretchTheWindow() {
        for (int i = 0; i < 5; i++) tracker.fail("u:x", 10);
        advance(Duration.ofSeconds(50));
        for (int i = 0; i < 4; i++) tracker.fail("u:x", 10);
        advance(Duration.ofSeconds(11));   // 61 s after the first failure: the count starts over
        tracker.fail("u:x", 10);
        assertFalse(tracker.lockedOut("u:x"));
    }

    @Test
    void aSuccessForgetsEarlierFailures() {
        for (int i = 0; i < 9; i++) tracker.fail("u:me", 10);
        tracker.succeeded("u:me");
        tracker.fail("u:me", 10);
        assertFalse(tracker.lockedOut("u:me"));
    }
}
