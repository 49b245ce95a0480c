package org.pyql.cluster.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ApplyTimeoutTest {
    @Test
    void smallBatchesKeepTheFlatFiveSeconds() {
        assertEquals(Duration.ofMillis(5_000), TableSequencer.applyTimeout(0));
        assertEquals(Duration.ofMillis(5_015), TableSequencer.applyTimeout(1_024));
    }

    @Test
    void bigBatchesGetOneSecondPer64KiBUpToOneMinute() {
        assertEquals(Duration.ofMillis(5_000 + 8_000), TableSequencer.applyTimeout(512 * 1024));
        assertEquals(Duration.ofSeconds(60), TableSequencer.applyTimeout(64 * 1024 * 1024));
    }

    @Test
    void aForwardingNodeWaitsLongerThanTheLeader() {
        assertEquals(Duration.ofSeconds(15), LeaderForwarder.timeout(0));
        assertEquals(Duration.ofMillis(5_000 + 8_000 + 10_000), LeaderForwarder.timeout(512 * 1024));
    }
}
