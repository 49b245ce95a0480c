package org.pyql.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class HealSettingsTest {
    @Test
    void evictionIsOffUnlessSet() {
        assertFalse(HealSettings.from(Map.<String, String>of()::get).evicts());
        assertFalse(HealSettings.from(Map.of(HealSettings.EVICT_AFTER, "0")::get).evicts());
        assertFalse(HealSettings.from(Map.of(HealSettings.EVICT_AFTER, " ")::get).evicts());
    }

    @Test
    void aThresholdOfAtLeastAMinute() {
        HealSettings s = HealSettings.from(Map.of(HealSettings.EVICT_AFTER, "3600")::get);
        assertTrue(s.evicts());
        assertEquals(3600, s.evictAfterSeconds());
        assertEquals(60, HealSettings.from(Map.of(HealSettings.EVICT_AFTER, "60")::get).evictAfterSeconds());
    }

    @Test
    void tooShortOrNotANumberIsRefusedAtStart() {
        for (String bad : new String[] {"59", "-1", "1h", "2.5"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> HealSettings.from(Map.of(HealSettings.EVICT_AFTER, bad)::get));
            assertTrue(e.getMessage().contains(HealSettings.EVICT_AFTER), e.getMessage());
        }
    }
}
