package org.pyql.coordination;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.CPGroup;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.CPSubsystemManagementService;

/**
 * The CP probe: about once a second, one cheap linearizable CP round trip (the METADATA group's members, then an atomic
 * long of the default group) and, when that worked, the CP member list for {@link CpHealer}. CP calls block for
 * seconds when the majority is gone (about 4 s with {@code hazelcast.invocation.max.retry.count=20}, see
 * {@code payara/hazelcast.xml}), so they run on this thread of their own; each result is handed to the coordination
 * thread as a task ({@link #apply}), which alone updates the {@link QuorumTracker}.
 */
final class CpProbe implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CpProbe.class.getName());
    static final String PROBE_ATOMIC = "pyql.quorum.probe";
    private static final long METADATA_TIMEOUT_MILLIS = 6_000;
    private static final long MEMBER_LIST_TIMEOUT_MILLIS = 3_000;

    /**
     * One probe: {@code attempted} false while CP discovery is still running; {@code metadata} null when the call
     * failed ({@code failure} says why); {@code cpMembers} null when the member list was not read.
     */
    record Result(long startedNanos, boolean discovered, boolean attempted, Set<UUID> metadata, long cpCallMicros,
                  long endNanos, List<CpHealPlan.CpMember> cpMembers, String failure) {
    }

    /** Where results go, on the coordination thread. */
    interface Sink {
        void cpMembersRead(long probeStartedNanos, List<CpHealPlan.CpMember> members);
    }

    private final HazelcastMember member;
    private final QuorumTracker tracker;
    private final SerialExecutor serial;
    private final Sink sink;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pyql-cp-probe");
        t.setDaemon(true);
        return t;
    });

    CpProbe(HazelcastMember member, QuorumTracker tracker, SerialExecutor serial, Sink sink) {
        this.member = member;
        this.tracker = tracker;
        this.serial = serial;
        this.sink = sink;
    }

    /** Probes every {@code periodMillis} from now on. */
    void start(long periodMillis) {
        thread.scheduleWithFixedDelay(() -> probeThen(null), 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Probes now (after a probe in flight); {@code then} runs on the coordination thread after the result is in. */
    void probeNow(Runnable then) {
        try {
            thread.execute(() -> probeThen(then));
        } catch (RejectedExecutionException stopped) {
            serial.execute(then);
        }
    }

    private void probeThen(Runnable then) {
        try {
            Result r = probe();
            if (r != null) serial.execute(() -> apply(r));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "probe", e);
        }
        if (then != null) serial.execute(then);
    }

    /** One probe on the calling thread (the probe thread); null when there is no running member. */
    Result probe() {
        HazelcastInstance hz = member.running().orElse(null);
        if (hz == null) return null;
        CPSubsystemManagementService mgmt = hz.getCPSubsystem().getCPSubsystemManagementService();
        long t0 = System.nanoTime();
        boolean discovered = tracker.discoveryCompleted() || mgmt.isDiscoveryCompleted();
        if (!discovered) return new Result(t0, false, false, null, 0, t0, null, null);
        serial.execute(() -> tracker.probeStarted(t0));
        try {
            CPGroup metadata = CpCalls.await(mgmt.getCPGroup(CPGroup.METADATA_CP_GROUP_NAME), METADATA_TIMEOUT_MILLIS);
            if (metadata == null) throw new IllegalStateException("METADATA CP group not found");
            Set<UUID> members = new HashSet<>();
            for (CPMember m : metadata.members()) members.add(m.getUuid());
            long t1 = System.nanoTime();
            hz.getCPSubsystem().getAtomicLong(PROBE_ATOMIC).get();
            long t2 = System.nanoTime();
            List<CpHealPlan.CpMember> cp = null;
            try {
                cp = new ArrayList<>();
                for (CPMember m : CpCalls.await(mgmt.getCPMembers(), MEMBER_LIST_TIMEOUT_MILLIS)) {
                    cp.add(new CpHealPlan.CpMember(m.getUuid(), m.getAddress().getHost() + ":" + m.getAddress().getPort()));
                }
            } catch (RuntimeException e) {
                cp = null;
                LOG.fine(() -> "cannot read CP members: " + CpCalls.describe(e));
            }
            return new Result(t0, true, true, members, TimeUnit.NANOSECONDS.toMicros(t2 - t1), t2, cp, null);
        } catch (RuntimeException e) {
            String failure = CpCalls.describe(e);
            LOG.fine(() -> "CP probe failed after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms: "
                    + failure);
            return new Result(t0, true, true, null, 0, System.nanoTime(), null, failure);
        }
    }

    /** Records a result (coordination thread). */
    void apply(Result r) {
        if (r.discovered() && !tracker.discoveryCompleted()) {
            tracker.discoveryCompleted(true);
            LOG.info("CP discovery completed");
        }
        if (!r.attempted()) return;
        if (r.metadata() != null) {
            tracker.probeOk(r.metadata(), r.endNanos(), r.cpCallMicros());
        } else {
            tracker.probeFailed(r.failure());
        }
        if (r.cpMembers() != null) sink.cpMembersRead(r.startedNanos(), r.cpMembers());
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
