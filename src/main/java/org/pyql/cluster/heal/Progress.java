package org.pyql.cluster.heal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * How far one healing job got: units done (log entries replayed, rows copied) out of a total, the rate, and a log
 * line every {@link #LOG_EVERY_MILLIS} while it runs. Thread-safe; {@code onChange} (nullable) is told when a phase
 * begins, after its first step (so even a phase shorter than the interval shows movement in the job record) and then
 * at most every {@link #PUBLISH_EVERY_MILLIS}.
 */
final class Progress {
    private static final Logger LOG = Logger.getLogger(Progress.class.getName());
    static final long LOG_EVERY_MILLIS = 3_000;
    static final long PUBLISH_EVERY_MILLIS = 500;

    /** One reading: done of total, percent, units per second since the phase began, the donor. */
    record Reading(String phase, long done, long total, double percent, double rate, long startedMillis, String donor) {
    }

    private final String what;
    private final long started = System.currentTimeMillis();
    private final AtomicLong done = new AtomicLong();
    private final Consumer<Reading> onChange;
    private volatile long total;
    private volatile String phase = "starting";
    private volatile String donor;
    private volatile long phaseStarted = started;
    private volatile long lastLog = started;
    private volatile long lastPublish = 0;

    Progress(String what, Consumer<Reading> onChange) {
        this.what = what;
        this.onChange = onChange;
    }

    void phase(String name, long newTotal) {
        phase = name;
        total = Math.max(newTotal, 0);
        done.set(0);
        phaseStarted = System.currentTimeMillis();
        publish(true);
    }

    /** The replica the current phase reads from (shown in the job). */
    void donor(String replica) {
        donor = replica;
    }

    void advance(long units) {
        boolean first = done.getAndAdd(units) == 0 && units > 0;
        long now = System.currentTimeMillis();
        if (now - lastLog >= LOG_EVERY_MILLIS) {
            lastLog = now;
            Reading r = reading();
            LOG.info(() -> String.format("%s: %s %d/%d (%.1f %%), %.0f/s", what, r.phase(), r.done(), r.total(),
                    r.percent(), r.rate()));
        }
        publish(first);
    }

    void finish() {
        long t = Math.max(total, done.get());
        total = t;
        done.set(t);
        phase = "done";
        publish(true);
    }

    Reading reading() {
        long d = done.get();
        long t = Math.max(total, d);
        double pct = t == 0 ? 100.0 : 100.0 * d / t;
        double secs = Math.max(0.001, (System.currentTimeMillis() - phaseStarted) / 1000.0);
        return new Reading(phase, d, t, Math.round(pct * 10) / 10.0, Math.round(d / secs * 10) / 10.0, started, donor);
    }

    private void publish(boolean force) {
        if (onChange == null) return;
        long now = System.currentTimeMillis();
        if (!force && now - lastPublish < PUBLISH_EVERY_MILLIS) return;
        lastPublish = now;
        onChange.accept(reading());
    }
}
