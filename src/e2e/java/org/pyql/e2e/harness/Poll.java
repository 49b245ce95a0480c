package org.pyql.e2e.harness;

import java.time.Duration;
import java.util.function.Supplier;

/** Waiting for a condition by polling it (never a bare sleep for synchronisation). */
public final class Poll {
    private Poll() {
    }

    /**
     * Polls {@code condition} every {@code interval} until it returns a non-null, non-false value, and returns it.
     * Exceptions thrown by the condition count as "not yet" and the last one is attached to the timeout failure.
     */
    public static <T> T until(String what, Duration timeout, Duration interval, Supplier<T> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        Object lastValue = null;
        while (true) {
            try {
                T v = condition.get();
                lastValue = v;
                if (v != null && !Boolean.FALSE.equals(v)) return v;
            } catch (RuntimeException | AssertionError e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                AssertionError timeoutError = new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for "
                        + what + (lastValue != null ? " (last value: " + lastValue + ")" : ""));
                if (last != null) timeoutError.initCause(last);
                throw timeoutError;
            }
            pause(interval);
        }
    }

    /** {@link #until} with a 250 ms interval. */
    public static <T> T until(String what, Duration timeout, Supplier<T> condition) {
        return until(what, timeout, Duration.ofMillis(250), condition);
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while polling", e);
        }
    }
}
