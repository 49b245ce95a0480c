package org.pyql.coordination;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.hazelcast.cp.CPSubsystemManagementService;

/**
 * Keeps the CP subsystem whole (the application owns CP membership; see {@link CpHealPlan} for the rules and why):
 * decides on the coordination thread from the tick's member view, the probe's latest CP member list and the
 * {@link QuorumTracker}, and runs the slow CP admin calls (remove 15 s, promote 20 s, reset 60 s at most) as one task
 * on its own admin thread, never on the coordination thread. The outcome comes back as a coordination task; until then
 * no new plan is made, and the CP member list read before the outcome is not used again.
 *
 * <p>Also decides when CP membership has <em>settled</em> for this node (readiness waits for it once per process).
 */
final class CpHealer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CpHealer.class.getName());
    static final long REPLACED_GRACE_MILLIS = 5_000;
    static final long RESET_DELAY_MILLIS = 15_000;
    static final long SETTLE_LIMIT_MILLIS = 120_000;
    /** A CP member list older than this is not used for a plan (the probe reads one about every second). */
    private static final long MEMBER_LIST_FRESH_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final long REMOVE_TIMEOUT_MILLIS = 15_000;
    private static final long PROMOTE_TIMEOUT_MILLIS = 20_000;
    private static final long RESET_TIMEOUT_MILLIS = 60_000;

    /** What an admin task did: the members removed, whether it promoted or reset, and the failure that stopped it. */
    record Outcome(List<UUID> removed, boolean promoted, boolean reset, String failure) {
    }

    private final HazelcastMember member;
    private final QuorumTracker tracker;
    private final SerialExecutor serial;
    private final int cpMemberCount;
    private final CpHealPlan.Timing timing;
    private final Runnable onPromoted;
    private final ExecutorService adminLane = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pyql-cp-admin");
        t.setDaemon(true);
        return t;
    });

    // confined to the coordination thread
    private final Map<UUID, Long> notAliveSince = new HashMap<>();
    private List<CpHealPlan.CpMember> cpMembers;
    /** CP uuid to address of every CP member listed since the last reset: tells a restarted member from a missing one. */
    private final Map<UUID, String> cpAddresses = new HashMap<>();
    private long cpMembersReadAt;
    private int cpMembersSeen = -1;
    private long majorityLostSince = -1;
    private boolean adminInFlight;
    /** When the last admin outcome came back (nanoTime; construction time before any: probes start later). */
    private long adminDoneAt = System.nanoTime();
    private String lastReason;
    private boolean settled;
    private long settleWaitStart = -1;

    CpHealer(HazelcastMember member, QuorumTracker tracker, SerialExecutor serial, int cpMemberCount,
             long missingMemberMillis, Runnable onPromoted) {
        this.member = member;
        this.tracker = tracker;
        this.serial = serial;
        this.cpMemberCount = cpMemberCount;
        this.timing = new CpHealPlan.Timing(REPLACED_GRACE_MILLIS, missingMemberMillis, RESET_DELAY_MILLIS);
        this.onPromoted = onPromoted;
    }

    /** A CP member list the probe read (coordination thread); one read before the last admin outcome is dropped. */
    void cpMembersRead(long probeStartedNanos, List<CpHealPlan.CpMember> members) {
        if (probeStartedNanos - adminDoneAt <= 0) return;
        cpMembers = List.copyOf(members);
        cpMembersReadAt = probeStartedNanos;
        for (CpHealPlan.CpMember m : members) cpAddresses.put(m.uuid(), m.address());
        if (cpAddresses.size() > 64) cpAddresses.keySet().retainAll(tracker.metadataMembers());
    }

    /** Tracks since when the METADATA majority has been visibly gone (the reset rule waits for it). */
    void majorityVisiblyLost(boolean lost, long nowMillis) {
        if (!lost) {
            majorityLostSince = -1;
        } else if (majorityLostSince < 0) {
            majorityLostSince = nowMillis;
        }
    }

    /** One healing decision; when there is something to do, the admin calls are queued on the admin thread. */
    void heal(MemberAnnouncements.View view, UUID localMember, boolean localIsCp, long nowMillis) {
        if (adminInFlight) return;
        Set<UUID> alive = view.aliveCpIds();
        List<CpHealPlan.CpMember> cp = null;
        if (cpMembers != null && System.nanoTime() - cpMembersReadAt < MEMBER_LIST_FRESH_NANOS
                && !tracker.majorityVisiblyLost(alive) && tracker.liveMetadataMembers(alive) >= 0) {
            cp = cpMembers;
            Set<UUID> cpIds = new HashSet<>();
            for (CpHealPlan.CpMember m : cp) {
                cpIds.add(m.uuid());
                if (!alive.contains(m.uuid())) notAliveSince.putIfAbsent(m.uuid(), nowMillis);
            }
            notAliveSince.keySet().removeIf(u -> !cpIds.contains(u) || alive.contains(u));
            cpMembersSeen = cp.size();
        }
        CpHealPlan plan = CpHealPlan.decide(view.described(), localMember, localIsCp, cp, tracker.metadataMembers(),
                cpAddresses, cpMemberCount, notAliveSince, majorityLostSince, tracker.failingSinceMillis(), nowMillis, timing);
        if (plan.isEmpty()) return;
        if (!plan.reason().equals(lastReason)) {
            lastReason = plan.reason();
            LOG.info(() -> "CP healing: " + plan.reason());
        }
        adminInFlight = true;
        cpMembers = null;
        try {
            adminLane.execute(() -> {
                Outcome o = run(plan);
                serial.execute(() -> done(o));
            });
        } catch (RejectedExecutionException stopped) {
            adminInFlight = false;
        }
    }

    /** The admin calls of one plan, in order, stopping at the first failure (admin thread; no coordination state). */
    Outcome run(CpHealPlan plan) {
        List<UUID> removed = new ArrayList<>();
        boolean promoted = false;
        boolean reset = false;
        try {
            CPSubsystemManagementService mgmt = member.instance().getCPSubsystem().getCPSubsystemManagementService();
            for (UUID stale : plan.remove()) {
                long t0 = System.nanoTime();
                CpCalls.await(mgmt.removeCPMember(stale), REMOVE_TIMEOUT_MILLIS);
                removed.add(stale);
                LOG.info(() -> "removed stale CP member " + stale + " in " + ms(t0) + " ms");
            }
            if (plan.promoteSelf()) {
                long t0 = System.nanoTime();
                CpCalls.await(mgmt.promoteToCPMember(), PROMOTE_TIMEOUT_MILLIS);
                promoted = true;
                LOG.info(() -> "promoted this member into the CP subsystem in " + ms(t0) + " ms (CP uuid "
                        + mgmt.getLocalCPMember().getUuid() + ")");
            }
            if (plan.reset()) {
                LOG.warning("resetting the CP subsystem: its majority is lost for good; CP data is wiped (cluster "
                        + "metadata is not kept in CP and is not affected)");
                long t0 = System.nanoTime();
                CpCalls.await(mgmt.reset(), RESET_TIMEOUT_MILLIS);
                reset = true;
                LOG.warning(() -> "CP subsystem reset in " + ms(t0) + " ms");
            }
            return new Outcome(removed, promoted, reset, null);
        } catch (RuntimeException e) {
            return new Outcome(removed, promoted, reset, CpCalls.describe(e));
        }
    }

    /** An admin task's outcome (coordination thread). */
    void done(Outcome o) {
        adminInFlight = false;
        adminDoneAt = System.nanoTime();
        o.removed().forEach(notAliveSince::remove);
        if (o.reset()) {
            majorityLostSince = -1;
            cpAddresses.clear();
            tracker.discoveryCompleted(false);
        }
        if (o.promoted()) onPromoted.run();
        if (o.failure() != null) {
            LOG.log(Level.WARNING, "CP healing step failed (retried on a later tick): " + o.failure());
        }
    }

    /**
     * Readiness waits (once per process) until the CP subsystem has taken this node in: it holds a CP seat, or all seats
     * are filled by live members. Otherwise a rolling restart could stop the next node while the previous one's seat is
     * still being healed, and lose the CP majority. Opens anyway after two minutes, with a warning.
     */
    void settle(boolean cpEnabled, boolean localIsCp, int liveCount, long nowMillis) {
        if (settled) return;
        String why = null;
        if (!cpEnabled) {
            why = "unsafe mode";
        } else if (localIsCp) {
            why = "this node holds a CP seat";
        } else if (cpMembersSeen >= cpMemberCount && notAliveSince.isEmpty()) {
            why = "all " + cpMemberCount + " CP seats are held by live members";
        }
        if (why != null) {
            settled = true;
            String w = why;
            LOG.info(() -> "CP membership settled: " + w);
            return;
        }
        if (settleWaitStart < 0) settleWaitStart = nowMillis;
        if (nowMillis - settleWaitStart > SETTLE_LIMIT_MILLIS) {
            settled = true;
            LOG.warning(() -> "CP membership not settled after " + SETTLE_LIMIT_MILLIS / 1000 + " s (" + cpMembersSeen
                    + " CP members listed, " + liveCount + " members); reporting ready anyway");
        }
    }

    boolean settled() {
        return settled;
    }

    /** How many CP members the last list held, or -1 before one was read. */
    int cpMembersSeen() {
        return cpMembersSeen;
    }

    private static long ms(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    @Override
    public void close() {
        adminLane.shutdownNow();
    }
}
