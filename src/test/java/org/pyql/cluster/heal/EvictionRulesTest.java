package org.pyql.cluster.heal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The missing-time count behind eviction, and the deadline-bounded call timeouts of the cutover. */
class EvictionRulesTest {
    @Test
    void onlyAnUnbrokenSilenceOfTheWholeThresholdMakesAnEndpointDue() {
        MissingEndpoints m = new MissingEndpoints(60_000);
        assertFalse(m.missed("e1", 1_000));
        assertFalse(m.missed("e1", 60_999));
        assertTrue(m.missed("e1", 61_000));
        assertEquals(60_000, m.missingFor("e1", 61_000));
    }

    @Test
    void anAnswerStartsTheCountOver() {
        MissingEndpoints m = new MissingEndpoints(60_000);
        assertFalse(m.missed("e1", 0));
        assertFalse(m.missed("e1", 50_000));
        m.answered("e1");   // a short restart: back before the threshold
        assertEquals(0, m.missingFor("e1", 70_000));
        assertFalse(m.missed("e1", 70_000));
        assertFalse(m.missed("e1", 129_999));
        assertTrue(m.missed("e1", 130_000));
    }

    @Test
    void endpointsAreCountedApart() {
        MissingEndpoints m = new MissingEndpoints(10_000);
        assertFalse(m.missed("e1", 0));
        assertFalse(m.missed("e2", 9_000));
        assertTrue(m.missed("e1", 10_000));
        assertFalse(m.missed("e2", 10_000));
        m.forget("e1");
        assertFalse(m.missed("e1", 15_000));
    }

    @Test
    void callsUnderADeadlineGetWhatIsLeftOfItNeverMoreThanTheUsualTimeout() {
        assertEquals(ReplicaCalls.TIMEOUT, LogReplay.callTimeout(0));
        long now = System.currentTimeMillis();
        Duration t = LogReplay.callTimeout(now + 800);
        assertTrue(t.toMillis() <= 800 && t.toMillis() >= LogReplay.MIN_CALL_MILLIS, t.toString());
        assertEquals(Duration.ofMillis(LogReplay.MIN_CALL_MILLIS), LogReplay.callTimeout(now - 5_000));
        assertEquals(ReplicaCalls.TIMEOUT, LogReplay.callTimeout(now + 3_600_000));
    }
}
