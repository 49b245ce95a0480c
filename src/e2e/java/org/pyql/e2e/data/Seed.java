package org.pyql.e2e.data;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The seed of a randomised test: {@code -Dpyql.e2e.seed=N} repeats a run, otherwise a fresh one is drawn. It is
 * printed when drawn, so the log of a failing run says how to repeat it; each writer derives its own {@link Random}
 * from it ({@link #random(long)}), so a writer's sequence of choices does not depend on thread timing.
 */
public final class Seed {
    public static final String PROPERTY = "pyql.e2e.seed";
    private final long value;

    private Seed(long value) {
        this.value = value;
    }

    /** The run's seed for {@code test} (printed to stderr). */
    public static Seed forTest(String test) {
        Long fixed = Long.getLong(PROPERTY);
        long v = fixed != null ? fixed : ThreadLocalRandom.current().nextLong();
        System.err.printf("[pyql-e2e] %s: seed %d (%s; repeat with -D%s=%d)%n", test, v,
                fixed != null ? "given" : "drawn", PROPERTY, v);
        return new Seed(v);
    }

    public long value() {
        return value;
    }

    /** A generator for one stream of choices (a writer, the fault schedule), independent of the others. */
    public Random random(long stream) {
        return new Random(value * 0x9E3779B97F4A7C15L + stream);
    }

    @Override
    public String toString() {
        return "seed " + value + " (-D" + PROPERTY + "=" + value + ")";
    }
}
