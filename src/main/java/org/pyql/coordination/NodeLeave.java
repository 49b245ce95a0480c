package org.pyql.coordination;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The graceful leave of a node that is told to stop (SIGTERM: Kubernetes deleting the pod, {@code docker stop},
 * systemd), run once by a JVM shutdown hook, in this order:
 * <ol>
 *   <li>{@link Stage#READINESS}: readiness answers 503 "leaving the cluster" (quorum is kept: the next stage
 *       needs it);</li>
 *   <li>{@link Stage#WORK}: the table sequencers take no new writes, finish the batch in flight, withdraw their
 *       leader records and give their CP locks up, so another node takes each table over at its next write instead
 *       of waiting for this node's CP session to expire;</li>
 *   <li>{@link Stage#MEMBER}: the Hazelcast member leaves gracefully (partitions migrate off it, Hazelcast removes
 *       it from the CP groups), so peers do not wait for the failure detector. Hazelcast's own shutdown hook is off
 *       ({@code hazelcast.shutdownhook.enabled=false} in every {@code hazelcast*.xml}): it ran beside this one and
 *       could take the member away before the locks were given up.</li>
 * </ol>
 * The application's own stop ({@code Coordination}'s {@code @PreDestroy}) runs the same leave, so a stop without
 * SIGTERM (undeploy, tests) leaves the same way; the second caller waits for the first. Every class the hook uses is loaded before the JVM
 * stops: the server closes the application's class loader while it undeploys.
 */
public final class NodeLeave {
    private static final Logger LOG = Logger.getLogger(NodeLeave.class.getName());
    /** The budget of one node's leave; the manifests' {@code terminationGracePeriodSeconds} is sized from it. */
    static final long BUDGET_MILLIS = 30_000;
    /** Every node of this JVM (one in production; in-JVM tests run several). */
    private static final List<NodeLeave> NODES = new CopyOnWriteArrayList<>();

    /** When a step runs; steps of one stage run in registration order. */
    public enum Stage { READINESS, WORK, MEMBER }

    private record Step(Stage stage, String what, Runnable run) {
    }

    private final List<Step> steps = new CopyOnWriteArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(NodeLeave::leaveAll, "pyql-leave"));
    }

    /** A node's leave, run by the JVM's shutdown hook (and by {@link #leave()}). */
    NodeLeave() {
        NODES.add(this);
    }

    private static void leaveAll() {
        for (NodeLeave n : NODES) n.leave();
    }

    /** Adds a step of the leave (a step that fails does not stop the others). */
    void register(Stage stage, String what, Runnable step) {
        steps.add(new Step(stage, what, step));
    }

    /** Runs the leave once; a second caller waits (within the budget) until the first is done. */
    void leave() {
        if (!started.compareAndSet(false, true)) {
            try {
                done.await(BUDGET_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        long t0 = System.nanoTime();
        StringBuilder took = new StringBuilder();
        try {
            for (Stage stage : Stage.values()) {
                for (Step s : steps) {
                    if (s.stage() != stage) continue;
                    long t = System.nanoTime();
                    try {
                        s.run().run();
                    } catch (RuntimeException | Error e) {
                        LOG.log(Level.WARNING, "graceful leave: " + s.what() + " failed", e);
                    }
                    took.append(took.length() == 0 ? "" : ", ").append(s.what()).append(' ')
                            .append(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t)).append(" ms");
                }
            }
            String done = "graceful leave done in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms ("
                    + took + ")";
            if (steps.isEmpty()) return;   // e.g. the CDI client proxy's instance: nothing to leave
            LOG.info(done);
            // on SIGTERM the log handlers may be closed already (java.util.logging resets them in its own shutdown
            // hook); the process's stderr still reaches the container log
            System.err.println("pyql: " + done);
        } finally {
            done.countDown();
            NODES.remove(this);
        }
    }

    /** Whether the leave has begun (the node is stopping). */
    boolean leaving() {
        return started.get();
    }
}
