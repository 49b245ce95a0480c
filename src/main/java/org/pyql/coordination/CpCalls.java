package org.pyql.coordination;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.cp.exception.CPSubsystemException;
import com.hazelcast.spi.exception.RetryableException;
import com.hazelcast.spi.exception.TargetNotMemberException;

import org.pyql.error.CpTimeoutException;
import org.pyql.error.UnavailableException;

/**
 * CP calls that survive a leader change. When the Raft leader of a CP group dies, the call in flight fails after a few
 * seconds with {@link MemberLeftException} (often wrapped in a {@code HazelcastException}) or
 * {@link IndeterminateOperationStateException}, and calls succeed again once a new leader is elected (~4.4 s measured,
 * see the failure table in DESIGN.md). {@link #call} retries those, and gives up at once when the node has lost quorum.
 */
public final class CpCalls {
    private static final Logger LOG = Logger.getLogger(CpCalls.class.getName());

    private CpCalls() {
    }

    /** Leader change or member churn: the same call is expected to work a moment later. */
    public static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MemberLeftException || c instanceof IndeterminateOperationStateException
                    || c instanceof TargetNotMemberException || c instanceof CPSubsystemException
                    || c instanceof RetryableException) {
                return true;
            }
            if (c.getCause() == c) break;
        }
        return false;
    }

    /**
     * Runs {@code call}, retrying transient CP failures with a short back-off until {@code timeoutMillis} has passed.
     * Between attempts {@code inQuorum} is checked; without quorum the call fails with 503 at once.
     */
    public static <T> T call(String what, long timeoutMillis, BooleanSupplier inQuorum, Supplier<T> call) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long pause = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                Throwable cause = unwrap(e);
                if (!isTransient(cause)) throw e;
                if (!inQuorum.getAsBoolean()) {
                    throw new UnavailableException("not in quorum", what + " failed: " + cause.getClass().getSimpleName(), e);
                }
                if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause) - deadline > 0) {
                    throw new UnavailableException("CP call failed", what + " still failing after " + attempt
                            + " attempts: " + cause.getClass().getSimpleName(), e);
                }
                int n = attempt;
                LOG.fine(() -> what + ": attempt " + n + " failed with " + cause + "; retrying");
                sleep(pause);
                pause = Math.min(pause * 2, 1000);
            }
        }
    }

    /** Waits for a CP management future (they have no timeout of their own) at most {@code timeoutMillis}. */
    public static <T> T await(CompletionStage<T> stage, long timeoutMillis) {
        try {
            return stage.toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            throw new IllegalStateException(c);
        } catch (TimeoutException e) {
            throw new CpTimeoutException("no answer within " + timeoutMillis + " ms");
        }
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** A one-line description of a failure for logs and the quorum document. */
    static String describe(Throwable t) {
        Throwable c = unwrap(t);
        String m = c.getMessage();
        if (m != null && m.length() > 200) m = m.substring(0, 200) + "...";
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

}
