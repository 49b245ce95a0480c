package org.pyql.e2e.heal;

import org.junit.jupiter.api.Tag;

/**
 * {@link HealFaultsIT} at full size ({@code -Plong}): a 200,000-row MySQL table copied to new SQLite replicas (the
 * donor killed mid-copy, writes during a resync) and a fault run of {@value #ROUNDS} seeded endpoint kills.
 */
@Tag("long")
class HealFaultsLongIT extends HealFaultsIT {
    static final int ROUNDS = 8;

    @Override
    int rows() {
        return 200_000;
    }

    @Override
    int pad() {
        return 100;
    }

    @Override
    int faultRounds() {
        return ROUNDS;
    }
}
