package org.pyql.coordination;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One daemon thread that runs tasks one after another, in submission order (like MicroRaft's
 * {@code RaftNodeExecutor}). Coordination state that changes (quorum transitions, loaded state, CP healing
 * bookkeeping, missing nodes, announcements) is touched only by tasks on such an executor, so it needs no lock and no
 * {@code volatile}: other threads (HTTP requests, Hazelcast event threads, the CP probe, the CP admin lane) hand work
 * over with {@link #execute} and read only the published {@link QuorumSnapshot}. A task must not block for long: slow
 * CP calls run elsewhere and post their result back as a new task.
 */
final class SerialExecutor implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SerialExecutor.class.getName());

    private final ScheduledExecutorService thread;
    private final String name;
    private volatile Thread runner;

    SerialExecutor(String name) {
        this.name = name;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(() -> {
                runner = Thread.currentThread();
                r.run();
            }, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues {@code task}; a failing task is logged and does not stop later ones. Ignored after {@link #close}. */
    void execute(Runnable task) {
        try {
            thread.execute(guarded(task));
        } catch (RejectedExecutionException stopped) {
            LOG.fine(() -> name + " is stopped; task dropped");
        }
    }

    /** Runs {@code task} every {@code periodMillis} (fixed delay: a slow run postpones the next, runs never overlap). */
    void every(long periodMillis, Runnable task) {
        try {
            thread.scheduleWithFixedDelay(guarded(task), 0, periodMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            LOG.fine(() -> name + " is stopped; schedule dropped");
        }
    }

    /**
     * Runs {@code task} on this executor and waits at most {@code timeoutMillis} for its result (from another thread
     * only: on the executor's own thread this would wait for itself).
     */
    <T> T call(Callable<T> task, long timeoutMillis) throws TimeoutException {
        if (onThread()) throw new IllegalStateException(name + ": call() from its own thread would deadlock");
        Future<T> f;
        try {
            f = thread.submit(task);
        } catch (RejectedExecutionException stopped) {
            throw new IllegalStateException(name + " is stopped", stopped);
        }
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            throw new IllegalStateException(c);
        }
    }

    /** Whether the caller runs on this executor's thread. */
    boolean onThread() {
        return Thread.currentThread() == runner;
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, name + ": task failed", e);
            }
        };
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
