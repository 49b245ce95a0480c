package org.pyql.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class QuorumTrackerTest {
    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();
    private final UUID c = UUID.randomUUID();
    private static final long S = TimeUnit.SECONDS.toNanos(1);

    @Test
    void notInQuorumBeforeDiscoveryAndBeforeTheFirstCall() {
        QuorumTracker t = new QuorumTracker();
        assertFalse(t.evaluate(Set.of(a, b, c), 0).inQuorum());
        t.discoveryCompleted(true);
        assertFalse(t.evaluate(Set.of(a, b, c), 0).inQuorum());
        t.probeFailed("MemberLeftException");
        assertTrue(t.evaluate(Set.of(a, b, c), 0).reason().contains("MemberLeftException"));
    }

    @Test
    void losingTheMajorityFromTheMemberListIsImmediate() {
        QuorumTracker t = new QuorumTracker();
        t.discoveryCompleted(true);
        t.probeOk(Set.of(a, b, c), 10 * S, 1500);
        assertTrue(t.evaluate(Set.of(a, b, c), 10 * S).inQuorum());
        assertTrue(t.evaluate(Set.of(a, b), 10 * S).inQuorum(), "2 of 3 is a majority");
        QuorumTracker.Verdict v = t.evaluate(Set.of(a), 10 * S);
        assertFalse(v.inQuorum());
        assertEquals("CP majority lost: 1 of 3 CP members present", v.reason());
        assertTrue(t.majorityVisiblyLost(Set.of(a)));
        assertFalse(t.majorityVisiblyLost(Set.of(a, c)));
    }

    @Test
    void aLeaderElectionWithinTheGraceDoesNotFlap() {
        QuorumTracker t = new QuorumTracker();
        t.discoveryCompleted(true);
        t.probeOk(Set.of(a, b, c), 10 * S, 1500);
        t.probeStarted(11 * S);
        t.probeFailed("MemberLeftException: leader left");   // the call in flight when the leader died
        assertTrue(t.evaluate(Set.of(a, b), 15 * S).inQuorum());
        assertTrue(t.failingSinceMillis() > 0);
        QuorumTracker.Verdict late = t.evaluate(Set.of(a, b), 10 * S + QuorumTracker.GRACE_NANOS + S);
        assertFalse(late.inQuorum());
        assertTrue(late.reason().startsWith("no successful CP call"), late.reason());
        t.probeOk(Set.of(a, b, c), 21 * S, 2000);
        assertTrue(t.evaluate(Set.of(a, b), 21 * S).inQuorum());
        assertEquals(-1, t.failingSinceMillis());
    }

    @Test
    void latencyPercentiles() {
        QuorumTracker t = new QuorumTracker();
        assertNull(t.latencyPercentiles());
        for (int i = 1; i <= 100; i++) t.probeOk(Set.of(a), i, i * 1000L);
        long[] p = t.latencyPercentiles();
        assertEquals(50_000, p[0]);
        assertEquals(99_000, p[1]);
        assertEquals(100, p[2]);
    }
}
