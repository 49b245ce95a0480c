package org.pyql.endpoint.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pyql.config.ReplicationSettings;

class LogRetentionTest {
    private final LogRetention retention = new LogRetention(100, 60);

    @Test
    void theNewestMaxEntriesStay() {
        assertEquals(0, retention.pruneUpToSeq(50));
        assertEquals(0, retention.pruneUpToSeq(100));
        assertEquals(1, retention.pruneUpToSeq(101));
        assertEquals(900, retention.pruneUpToSeq(1000));
    }

    @Test
    void entriesOlderThanMaxAgeGo() {
        assertEquals(1_000_000 - 60_000, retention.pruneBeforeMillis(1_000_000));
    }

    @Test
    void theAgeCheckRunsAtMostEveryTenSeconds() {
        assertTrue(retention.ageCheckDue(0, 5));
        assertFalse(retention.ageCheckDue(1_000, 1_000 + LogRetention.AGE_CHECK_INTERVAL_MILLIS - 1));
        assertTrue(retention.ageCheckDue(1_000, 1_000 + LogRetention.AGE_CHECK_INTERVAL_MILLIS));
    }

    @Test
    void settingsHaveDefaultsAndRefuseNonsense() {
        ReplicationSettings d = ReplicationSettings.from(n -> null);
        assertEquals(100_000, d.logMaxEntries());
        assertEquals(86_400, d.logMaxAgeSeconds());
        ReplicationSettings s = ReplicationSettings.from(Map.of("PYQL_REPLICATION_LOG_MAX_ENTRIES", "5",
                "PYQL_REPLICATION_LOG_MAX_AGE_SECONDS", " 30 ")::get);
        assertEquals(new LogRetention(5, 30), LogRetention.of(s));
        for (String bad : new String[] {"0", "-1", "many", "1.5"}) {
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> ReplicationSettings.from(Map.of("PYQL_REPLICATION_LOG_MAX_ENTRIES", bad)::get));
            assertTrue(e.getMessage().contains("PYQL_REPLICATION_LOG_MAX_ENTRIES"), e.getMessage());
        }
    }
}
