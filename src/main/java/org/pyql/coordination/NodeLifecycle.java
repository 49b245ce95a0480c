package org.pyql.coordination;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.CPMember;

import org.pyql.config.ClusterSettings;
import org.pyql.state.StateStore;

/**
 * One cluster node's coordination, from start to stop: obtains the member, decides init/join, then runs the
 * maintenance tick (quorum transitions, state load and registration, CP healing, missing nodes, announcements) once a
 * second and on every membership change. Every state-changing step runs on one {@link SerialExecutor}; after each one
 * the tick publishes a new {@link QuorumSnapshot} through one {@link AtomicReference}, which is all other threads
 * read. Slow work runs elsewhere and reports back as a task: CP probes ({@link CpProbe}), CP admin calls
 * ({@link CpHealer}). See {@code DESIGN.md} in this package.
 */
final class NodeLifecycle implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeLifecycle.class.getName());
    static final long TICK_MILLIS = 1000;
    /** How long the member may be down before the node gives up (exits, unless shared). */
    private static final long MEMBER_DEAD_LIMIT_MILLIS = 10_000;
    static final String LEAVING = "leaving the cluster (the node is stopping)";
    /** The fatal reason once the Hazelcast member under the node stopped (Hazelcast terminated it, or the server). */
    static final String MEMBER_STOPPED = "the Hazelcast member stopped (terminated by Hazelcast or the server)";

    enum Phase { NOT_STARTED, STARTING, RUNNING, JOIN_REFUSED, FAILED, STOPPED }

    /** What this node is: its id, role name, HTTP address, settings and init secret. */
    record Node(String id, String role, String httpAddress, ClusterSettings settings, String initAdminPassword) {
    }

    private final Node node;
    private final StateStore store;
    private final ClusterStateService clusterState;
    private final JoinTokenVerifier verifier;
    private final SystemClusterRecord systemCluster;
    private final HazelcastMember member;
    private final Consumer<String> fatal;
    private final AtomicReference<QuorumSnapshot> published;
    private final SerialExecutor serial = new SerialExecutor("pyql-coordination");
    private final QuorumTracker tracker = new QuorumTracker();
    private final MemberAnnouncements announcements;

    private volatile Phase phase = Phase.NOT_STARTED;
    private volatile String phaseDetail = "not started";
    // set once by the graceful leave (any thread); the snapshot says not ready from then on
    private volatile boolean leaving;
    // set once on the coordination thread before RUNNING; read by callers of refresh() and checkAll()
    private volatile boolean cpEnabled;
    private volatile int cpMemberCount;
    private volatile CpProbe probe;
    // assigned once on the coordination thread and used there; volatile only because close() reads them
    private volatile CpHealer healer;
    private volatile NodeRegistry registry;
    // confined to the coordination thread
    private boolean inQuorum;
    private long memberDeadSince = -1;

    /**
     * @param fatal     called (once) when the node cannot go on: the caller decides whether the process exits
     * @param published where the snapshots go; holds the first one at once
     */
    NodeLifecycle(Node node, StateStore store, ClusterStateService clusterState, JoinTokenVerifier verifier,
                  SystemClusterRecord systemCluster, HazelcastMember member, Consumer<String> fatal,
                  AtomicReference<QuorumSnapshot> published, NodeLeave leave) {
        this.node = node;
        this.store = store;
        this.clusterState = clusterState;
        this.verifier = verifier;
        this.systemCluster = systemCluster;
        this.member = member;
        this.fatal = fatal;
        this.published = published;
        this.announcements = new MemberAnnouncements(node.id(), node.role(), node.httpAddress());
        leave.register(NodeLeave.Stage.READINESS, "readiness off", this::leaving);
        leave.register(NodeLeave.Stage.MEMBER, "Hazelcast member left", this::leaveMember);
    }

    /** The leave's first step: not ready from now on, still in quorum (the table handover needs CP calls). */
    private void leaving() {
        leaving = true;
        QuorumSnapshot s = published.get();
        published.set(new QuorumSnapshot(s.node(), s.role(), s.phase(), false, s.inQuorum(), s.writable(),
                LEAVING, s.liveNodes(), s.missing(), System.currentTimeMillis(), s.cp(), s.hazelcast()));
    }

    /**
     * The leave's last step: stops coordination, then the member leaves the Hazelcast cluster gracefully (partitions
     * migrate, Hazelcast takes it out of the CP groups), so peers see it go at once instead of after the failure
     * detector's 5 s. On Payara the member is the server's, but it has to go now: the server stops it only after the
     * application, and Hazelcast's own shutdown hook is off (see {@link NodeLeave}).
     */
    private void leaveMember() {
        HazelcastInstance hz = member.running().orElse(null);
        close();
        if (hz != null && hz.getLifecycleService().isRunning()) hz.getLifecycleService().shutdown();
    }

    // ------------------------------------------------------------------ start and stop

    /** Starts in the background; returns at once (HTTP is served meanwhile, readiness says why not yet). */
    void start() {
        phase(Phase.STARTING, "joining the Hazelcast cluster");
        serial.execute(this::startOnThread);
    }

    private void startOnThread() {
        try {
            long t0 = System.nanoTime();
            ClusterSettings settings = node.settings();
            // the member first: a join token is checked against the cluster's own keys and token registry, which only
            // a member can read (on Payara the member is up before the application anyway)
            member.attach(HazelcastProvider.obtain(settings));
            HazelcastInstance hz = member.obtained().orElseThrow();
            JoinTokenVerifier.Result join = JoinDecision.decide(store, settings, node.initAdminPassword(), verifier, hz);
            if (!join.accepted()) {
                refuse(join.reason());
                return;
            }
            LOG.info(() -> "cluster " + settings.action().name().toLowerCase(Locale.ROOT) + ": " + join.reason());
            checkMemberConfig(hz, settings);
            registry = new NodeRegistry(clusterState, store, systemCluster, node.id(), node.role(), node.httpAddress(),
                    settings.action() == ClusterSettings.Action.INIT, settings.nodeEvictSeconds() * 1000L);
            healer = new CpHealer(member, tracker, serial, cpMemberCount, settings.cpMissingMemberSeconds() * 1000L,
                    () -> announce(true));
            probe = new CpProbe(member, tracker, serial, healer::cpMembersRead);
            hz.getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent event) {
                    LOG.info(() -> "member joined: " + event.getMember().getAddress() + " (" + event.getMembers().size()
                            + " members)");
                    serial.execute(NodeLifecycle.this::tick);
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    LOG.info(() -> "member left: " + event.getMember().getAddress() + " (" + event.getMembers().size()
                            + " members)");
                    serial.execute(NodeLifecycle.this::tick);
                }
            });
            hz.<String>getTopic(MemberAnnouncements.CHECK_TOPIC).addMessageListener(m -> answerCheck(m.getMessageObject()));
            member.admit();
            clusterState.attach(node.id(), () -> serial.execute(registry::requestReconcile));   // reconcile on the tick
            phase(Phase.RUNNING, "running");
            announce(true);
            LOG.info(() -> String.format("coordination running: member %s of cluster '%s' (%d members) after %d ms",
                    hz.getCluster().getLocalMember().getAddress(), hz.getConfig().getClusterName(),
                    hz.getCluster().getMembers().size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)));
            if (cpEnabled) probe.start(TICK_MILLIS);
            serial.every(TICK_MILLIS, this::tick);
        } catch (RuntimeException | Error e) {
            String why = "coordination failed to start: " + CpCalls.describe(e);
            LOG.log(Level.SEVERE, why, e);
            fail(why);
        }
    }

    private void checkMemberConfig(HazelcastInstance hz, ClusterSettings settings) {
        cpMemberCount = hz.getConfig().getCPSubsystemConfig().getCPMemberCount();
        cpEnabled = cpMemberCount > 0;
        if (cpEnabled) {
            LOG.info(() -> "CP subsystem with " + cpMemberCount + " CP members; quorum needs "
                    + CpHealPlan.majority(cpMemberCount) + " of them");
        } else {
            LOG.warning("CP subsystem in UNSAFE mode (CP member count 0): this node counts as in quorum on its own and "
                    + "nothing protects against split brain. Configure 3 or more nodes (PYQL_CLUSTER_MEMBERS) or "
                    + "PYQL_CP_MEMBER_COUNT=3 for a safe cluster.");
        }
        if (settings.cpMemberCount() != cpMemberCount) {
            LOG.warning(() -> "PYQL_CP_MEMBER_COUNT says " + settings.cpMemberCount() + " but the Hazelcast member runs "
                    + "with " + cpMemberCount + " (check the Hazelcast configuration the server was started with)");
        }
        if (!member.embedded() && !Objects.equals(hz.getConfig().getClusterName(), settings.clusterName())
                && !settings.clusterName().startsWith("pyql-standalone-")) {
            LOG.warning(() -> "Hazelcast cluster name is '" + hz.getConfig().getClusterName() + "', PYQL_CLUSTER_NAME says '"
                    + settings.clusterName() + "'");
        }
    }

    private void refuse(String reason) {
        phase(Phase.JOIN_REFUSED, "join refused: " + reason);
        LOG.severe(() -> "JOIN REFUSED: " + reason + ". This node does not take part in the cluster (no CP seat, not "
                + "registered, no metadata writes) and reports not ready. Payara's Hazelcast member stays up because "
                + "Payara needs it to serve requests; Hazelcast-level authentication is not available in the open-source "
                + "edition.");
    }

    private void fail(String why) {
        if (phase == Phase.STOPPED) return;
        phase(Phase.FAILED, why);
        fatal.accept(why);
    }

    /** Stops the threads and an embedded member; the last snapshot says "stopping". */
    @Override
    public void close() {
        if (phase == Phase.STOPPED) return;
        phase(Phase.STOPPED, "stopping");
        CpProbe p = probe;
        if (p != null) p.close();
        serial.close();
        // healer is confined to the coordination thread, which is stopped now
        if (healer != null) healer.close();
        member.close();
    }

    private void phase(Phase p, String detail) {
        phase = p;
        phaseDetail = detail;
        published.set(snapshot(null));
    }

    // ------------------------------------------------------------------ the tick (coordination thread)

    void tick() {
        if (phase != Phase.RUNNING) return;
        HazelcastInstance hz = member.obtained().orElseThrow();
        if (!hz.getLifecycleService().isRunning()) {
            if (inQuorum) LOG.warning("the Hazelcast member is not running any more");
            inQuorum = false;
            registry.quorumLost();
            long now = System.currentTimeMillis();
            if (memberDeadSince < 0) memberDeadSince = now;
            published.set(snapshot(null));
            if (now - memberDeadSince > MEMBER_DEAD_LIMIT_MILLIS) {
                fail(MEMBER_STOPPED);
            }
            return;
        }
        memberDeadSince = -1;
        long now = System.currentTimeMillis();
        MemberAnnouncements.View view = announcements.observe(hz, localCpUuid(hz));
        QuorumTracker.Verdict v = verdict(view.aliveCpIds());
        if (v.inQuorum() != inQuorum) {
            inQuorum = v.inQuorum();
            if (inQuorum) {
                LOG.info(() -> "in quorum: " + v.reason());
                registry.requestReconcile();
            } else {
                registry.quorumLost();
                LOG.warning(() -> "NOT in quorum: " + v.reason());
            }
        }
        if (cpEnabled) healer.majorityVisiblyLost(tracker.majorityVisiblyLost(view.aliveCpIds()), now);
        published.set(snapshot(view));
        if (inQuorum && registry.loadIfRequested()) {
            published.set(snapshot(view));   // writable now: registering is a metadata write
        }
        if (inQuorum && registry.stateLoaded()) {
            registry.registerSelf(MemberAnnouncements.address(hz.getCluster().getLocalMember()));   // until it took
            registry.learnClusterId();
        }
        if (cpEnabled && tracker.discoveryCompleted()) {
            healer.heal(view, hz.getCluster().getLocalMember().getUuid(), view.localCpUuid() != null, now);
        }
        if (inQuorum && registry.stateLoaded()) {
            healer.settle(cpEnabled, view.localCpUuid() != null, view.live().size(), now);
        }
        registry.trackMissing(view.liveNodeIds(), view.localIsOldest() && inQuorum);
        if (view.localIsOldest()) {
            try {
                announcements.removeGone(hz, view.live());
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "members map cleanup", e);
            }
        }
        published.set(snapshot(view));
        announce(false);
    }

    /** Publishes this node's announcement (coordination thread). */
    private void announce(boolean force) {
        HazelcastInstance hz = member.running().orElse(null);
        if (hz == null) return;
        try {
            announcements.publish(hz, published.get(), localCpUuid(hz), force);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "announcement", e);
        }
    }

    private void answerCheck(String checkId) {
        Runnable answer = () -> {
            tick();
            announcements.answered(checkId);
            announce(true);
        };
        CpProbe p = probe;
        if (cpEnabled && p != null) {
            p.probeNow(answer);
        } else {
            serial.execute(answer);
        }
    }

    private UUID localCpUuid(HazelcastInstance hz) {
        if (!cpEnabled) return null;
        CPMember local = hz.getCPSubsystem().getCPSubsystemManagementService().getLocalCPMember();
        return local == null ? null : local.getUuid();
    }

    private QuorumTracker.Verdict verdict(Set<UUID> liveIds) {
        return switch (phase) {
            case NOT_STARTED -> new QuorumTracker.Verdict(false, "coordination not started");
            case STARTING, JOIN_REFUSED, FAILED -> new QuorumTracker.Verdict(false, phaseDetail);
            case STOPPED -> new QuorumTracker.Verdict(false, "stopping");
            case RUNNING -> !member.isRunning() ? new QuorumTracker.Verdict(false, "the Hazelcast member is not running")
                    : cpEnabled ? tracker.evaluate(liveIds, System.nanoTime())
                    : new QuorumTracker.Verdict(true, "unsafe single-node mode (CP member count 0)");
        };
    }

    /** The snapshot of now; {@code view} null when the member is not running (or coordination is not). */
    private QuorumSnapshot snapshot(MemberAnnouncements.View view) {
        Phase p = phase;
        boolean running = p == Phase.RUNNING && view != null;
        QuorumTracker.Verdict v = verdict(running ? view.aliveCpIds() : Set.of());
        boolean q = running && v.inQuorum();
        boolean loaded = registry != null && registry.stateLoaded();
        boolean settled = healer != null && healer.settled();
        boolean ready = q && loaded && settled && !leaving;
        String reason = ready ? "ready" : leaving ? LEAVING : !q ? v.reason() : !loaded ? "loading cluster state"
                : "waiting for the CP subsystem to take this node in";
        List<String> live = running ? view.liveNodeIds() : node.id() == null ? List.of() : List.of(node.id());
        long[] pct = tracker.latencyPercentiles();
        UUID localCp = running ? view.localCpUuid() : null;
        QuorumSnapshot.Cp cp = new QuorumSnapshot.Cp(p != Phase.RUNNING ? "unknown" : cpEnabled ? "cp" : "unsafe",
                cpMemberCount, !cpEnabled || tracker.discoveryCompleted(), tracker.metadataMembers().size(),
                running ? Math.max(0, tracker.liveMetadataMembers(view.aliveCpIds())) : 0,
                localCp == null ? null : localCp.toString(), healer == null ? -1 : healer.cpMembersSeen(),
                tracker.lastOkEpochMillis(), tracker.lastFailure(), pct == null ? 0 : pct[0], pct == null ? 0 : pct[1],
                pct == null ? 0 : pct[2]);
        QuorumSnapshot.Hazelcast hz = null;
        if (running) {
            HazelcastInstance h = member.obtained().orElseThrow();
            hz = new QuorumSnapshot.Hazelcast(h.getConfig().getClusterName(), view.live().size(),
                    MemberAnnouncements.address(h.getCluster().getLocalMember()), member.embedded());
        }
        return new QuorumSnapshot(node.id(), node.role(), p.name(), ready, q, q && loaded, reason, live,
                registry == null ? List.of() : registry.missing(), System.currentTimeMillis(), cp, hz);
    }

    // ------------------------------------------------------------------ asked from other threads

    Phase phase() {
        return phase;
    }

    /** A fresh CP probe, then a tick; the snapshot after both (at most {@code timeoutMillis}, else the current one). */
    QuorumSnapshot refresh(long timeoutMillis) {
        if (phase != Phase.RUNNING) return published.get();
        CompletableFuture<QuorumSnapshot> done = new CompletableFuture<>();
        Runnable then = () -> {
            tick();
            done.complete(published.get());
        };
        CpProbe p = probe;
        if (cpEnabled && p != null) {
            p.probeNow(then);
        } else {
            serial.execute(then);
        }
        try {
            return done.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return published.get();
        } catch (ExecutionException | TimeoutException e) {
            return published.get();
        }
    }

    /** Every member's answer to a fresh quorum check (the caller's thread polls the announcements). */
    List<CheckResult> checkAll(long timeoutMillis) {
        HazelcastInstance hz = member.running().orElse(null);
        if (phase != Phase.RUNNING || hz == null) {
            return List.of(new CheckResult(node.id(), 503, phaseDetail, published.get()));
        }
        return MemberAnnouncements.collect(hz, timeoutMillis);
    }
}
