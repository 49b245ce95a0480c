package org.pyql.coordination;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.CPGroup;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.CPSubsystemManagementService;
import com.hazelcast.replicatedmap.ReplicatedMap;
import com.hazelcast.topic.ITopic;

import org.pyql.config.ClusterSettings;
import org.pyql.config.PyqlConfig;
import org.pyql.state.ClusterEntity;
import org.pyql.state.NodeEntity;
import org.pyql.state.StateStore;

/**
 * The node's part in the cluster: obtains the Hazelcast member, decides init/join, probes the CP majority, heals CP
 * membership, tracks live and missing nodes, restores metadata on gaining quorum, and builds the quorum document.
 * Everything runs on two daemon threads (CP probe loop, maintenance tick) started by {@link #start}; HTTP is served
 * meanwhile and readiness says why the node is not ready yet.
 */
@ApplicationScoped
public class Coordination {
    private static final Logger LOG = Logger.getLogger(Coordination.class.getName());
    static final String MEMBERS_MAP = "pyql.members";
    static final String CHECK_TOPIC = "pyql.quorum.check";
    static final String PROBE_ATOMIC = "pyql.quorum.probe";
    static final String SETTING_CLUSTER_ID = "cluster.id";
    static final String PYQL_CLUSTER = "pyql";
    private static final long TICK_MILLIS = 1000;
    private static final long RESET_DELAY_MILLIS = 15_000;
    private static final long REPLACED_GRACE_MILLIS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Set by a JVM shutdown hook: while the server stops, its Hazelcast member going away is expected. */
    private static final java.util.concurrent.atomic.AtomicBoolean JVM_STOPPING = new java.util.concurrent.atomic.AtomicBoolean();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> JVM_STOPPING.set(true), "pyql-jvm-stopping"));
    }

    enum Phase { NOT_STARTED, STARTING, RUNNING, JOIN_REFUSED, FAILED, STOPPED }

    @Inject
    private StateStore store;
    @Inject
    private ClusterStateService clusterState;
    @Inject
    private JoinTokenVerifier joinVerifier;

    private volatile Phase phase = Phase.NOT_STARTED;
    private volatile String phaseDetail = "not started";
    private volatile PyqlConfig config;
    private volatile ClusterSettings settings;
    private volatile String nodeId;
    private volatile String httpAddress;
    private volatile HazelcastProvider provider;
    private volatile HazelcastInstance hz;
    private volatile boolean cpEnabled;
    private volatile int cpMemberCount;
    private volatile ScheduledExecutorService threads;
    private final QuorumTracker tracker = new QuorumTracker();

    private volatile boolean inQuorum;
    private volatile boolean stateLoaded;
    private volatile boolean reconcileRequested;
    private volatile long majorityLostSince = -1;
    private final Map<UUID, Long> cpNotAliveSince = new ConcurrentHashMap<>();
    private volatile int cpMembersSeen = -1;
    private volatile Map<UUID, UUID> announcedCp = Map.of();
    private volatile String lastHealReason;
    private volatile boolean clusterIdKnown;
    private volatile boolean cpSettled;
    private volatile long memberDeadSince = -1;
    private volatile long settleWaitStart = -1;
    private final Map<String, Long> nodeMissingSince = new ConcurrentHashMap<>();
    private volatile String lastPublished;
    private volatile long lastPublishedAt;
    private volatile String lastCheckId;
    private final ReentrantLock tickLock = new ReentrantLock();

    // ------------------------------------------------------------------ life cycle

    /** Starts coordination for a cluster or standalone node; returns at once (the work is on background threads). */
    public synchronized void start(PyqlConfig cfg, String localNodeId) {
        if (phase != Phase.NOT_STARTED) return;
        this.config = cfg;
        this.nodeId = localNodeId;
        this.settings = ClusterSettings.load(cfg.role());
        this.httpAddress = "http://" + settings.hzInterface() + ":" + cfg.port();
        phase = Phase.STARTING;
        phaseDetail = "joining the Hazelcast cluster";
        threads = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "pyql-coordination");
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::startInBackground);
    }

    private void startInBackground() {
        try {
            long t0 = System.nanoTime();
            // the member first: a join token is checked against the cluster's own keys and token registry, which
            // only a member can read (on Payara the member is up before the application anyway)
            provider = HazelcastProvider.obtain(settings);
            hz = provider.instance();
            JoinTokenVerifier.Result join = decideJoin();
            if (!join.accepted()) {
                refuse(join.reason());
                return;
            }
            LOG.info(() -> "cluster " + settings.action().name().toLowerCase(Locale.ROOT) + ": " + join.reason());
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
                LOG.warning(() -> "PYQL_CP_MEMBER_COUNT says " + settings.cpMemberCount() + " but the Hazelcast member runs with "
                        + cpMemberCount + " (check the Hazelcast configuration the server was started with)");
            }
            if (!provider.embedded() && !Objects.equals(hz.getConfig().getClusterName(), settings.clusterName())
                    && !settings.clusterName().startsWith("pyql-standalone-")) {
                LOG.warning(() -> "Hazelcast cluster name is '" + hz.getConfig().getClusterName() + "', PYQL_CLUSTER_NAME says '"
                        + settings.clusterName() + "'");
            }
            hz.getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent event) {
                    LOG.info(() -> "member joined: " + event.getMember().getAddress() + " (" + event.getMembers().size() + " members)");
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    LOG.info(() -> "member left: " + event.getMember().getAddress() + " (" + event.getMembers().size() + " members)");
                }
            });
            ITopic<String> topic = hz.getTopic(CHECK_TOPIC);
            topic.addMessageListener(message -> {
                ScheduledExecutorService t = threads;
                if (t != null) t.execute(() -> answerCheck(message.getMessageObject()));
            });
            clusterState.attach(hz, nodeId, () -> reconcileRequested = true);
            publish(true);
            phase = Phase.RUNNING;
            phaseDetail = "running";
            LOG.info(() -> String.format("coordination running: member %s of cluster '%s' (%d members) after %d ms",
                    hz.getCluster().getLocalMember().getAddress(), hz.getConfig().getClusterName(),
                    hz.getCluster().getMembers().size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)));
            threads.scheduleWithFixedDelay(this::probeLoop, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
            threads.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RuntimeException | Error e) {
            phase = Phase.FAILED;
            phaseDetail = "coordination failed to start: " + CpCalls.describe(e);
            LOG.log(Level.SEVERE, phaseDetail, e);
            exitUnlessShared(phaseDetail);
        }
    }

    /**
     * A cluster node without its Hazelcast member cannot do anything useful (on Payara not even serve requests), so it
     * exits with status 3 for its supervisor to restart it, like a node that fails to start (NodeStartup).
     * {@code PYQL_EXIT_ON_START_FAILURE=false} keeps the JVM (e.g. when other applications share the server).
     */
    private void exitUnlessShared(String why) {
        if (!PyqlConfig.exitOnStartFailure() || JVM_STOPPING.get() || phase == Phase.STOPPED) return;
        LOG.severe(() -> "exiting (status 3): " + why);
        new Thread(() -> System.exit(3), "pyql-coordination-exit").start();
    }

    /** init, rejoin with an existing data directory, or join with a token. */
    private JoinTokenVerifier.Result decideJoin() {
        var known = store.setting(SETTING_CLUSTER_ID);
        if (known.isPresent()) {
            return JoinTokenVerifier.Result.accept("rejoining cluster " + known.get() + " (this data directory belongs to it)");
        }
        if (settings.action() == ClusterSettings.Action.INIT) {
            return joinVerifier.verifyInit(config.initAdminPassword(), hz);
        }
        return joinVerifier.verify(settings.joinToken(), settings, hz);
    }

    private void refuse(String reason) {
        phase = Phase.JOIN_REFUSED;
        phaseDetail = "join refused: " + reason;
        LOG.severe(() -> "JOIN REFUSED: " + reason + ". This node does not take part in the cluster (no CP seat, not "
                + "registered, no metadata writes) and reports not ready. Payara's Hazelcast member stays up because Payara "
                + "needs it to serve requests; Hazelcast-level authentication is not available in the open-source edition.");
    }

    @PreDestroy
    synchronized void stop() {
        if (phase == Phase.STOPPED) return;
        phase = Phase.STOPPED;
        phaseDetail = "stopping";
        ScheduledExecutorService t = threads;
        if (t != null) t.shutdownNow();
        HazelcastProvider p = provider;
        if (p != null) p.close();
    }

    // ------------------------------------------------------------------ CP probe

    private void probeLoop() {
        try {
            if (phase != Phase.RUNNING || !cpEnabled || !hz.getLifecycleService().isRunning()) return;
            CPSubsystemManagementService mgmt = hz.getCPSubsystem().getCPSubsystemManagementService();
            if (!tracker.discoveryCompleted()) {
                if (!mgmt.isDiscoveryCompleted()) return;   // awaitUntilDiscoveryCompleted, one second at a time
                tracker.discoveryCompleted(true);
                LOG.info("CP discovery completed");
            }
            probeOnce();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "probe loop", e);
        }
    }

    /** One cheap linearizable CP round trip: METADATA group members, then an atomic long of the default group. */
    boolean probeOnce() {
        if (!cpEnabled || hz == null || !tracker.discoveryCompleted()) return false;
        long t0 = System.nanoTime();
        tracker.probeStarted(t0);
        try {
            CPSubsystemManagementService mgmt = hz.getCPSubsystem().getCPSubsystemManagementService();
            CPGroup metadata = CpCalls.await(mgmt.getCPGroup(CPGroup.METADATA_CP_GROUP_NAME), 6000);
            if (metadata == null) throw new IllegalStateException("METADATA CP group not found");
            Set<UUID> members = new HashSet<>();
            for (CPMember m : metadata.members()) members.add(m.getUuid());
            long t1 = System.nanoTime();
            hz.getCPSubsystem().getAtomicLong(PROBE_ATOMIC).get();
            long t2 = System.nanoTime();
            tracker.probeOk(members, t2, TimeUnit.NANOSECONDS.toMicros(t2 - t1));
            return true;
        } catch (RuntimeException e) {
            String failure = CpCalls.describe(e);
            tracker.probeFailed(failure);
            LOG.fine(() -> "CP probe failed after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms: " + failure);
            return false;
        }
    }

    // ------------------------------------------------------------------ maintenance tick

    private void tick() {
        tickLock.lock();
        try {
            tickLocked();
        } finally {
            tickLock.unlock();
        }
    }

    /** An extra tick now (refresh, check) unless one is running; then that one's result is as fresh. */
    private void tickSoon() {
        try {
            if (tickLock.tryLock(3, TimeUnit.SECONDS)) {
                try {
                    tickLocked();
                } finally {
                    tickLock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tickLocked() {
        try {
            if (phase != Phase.RUNNING) return;
            if (!hz.getLifecycleService().isRunning()) {
                if (inQuorum) LOG.warning("the Hazelcast member is not running any more");
                inQuorum = false;
                stateLoaded = false;
                long now = System.currentTimeMillis();
                if (memberDeadSince < 0) memberDeadSince = now;
                if (now - memberDeadSince > 10_000 && phase == Phase.RUNNING) {
                    phase = Phase.FAILED;
                    phaseDetail = "the Hazelcast member stopped (terminated by Hazelcast or the server)";
                    exitUnlessShared(phaseDetail);
                }
                return;
            }
            memberDeadSince = -1;
            List<Member> live = new ArrayList<>(hz.getCluster().getMembers());
            Map<UUID, JsonNode> announcements = announcements(live);
            List<CpHealPlan.Member> liveMembers = describe(live, announcements);
            Map<UUID, UUID> cpOf = new HashMap<>();
            for (CpHealPlan.Member m : liveMembers) {
                if (m.cpUuid() != null) cpOf.put(m.uuid(), m.cpUuid());
            }
            announcedCp = cpOf;
            Set<UUID> liveIds = CpHealPlan.aliveCpIdentities(liveMembers);
            QuorumTracker.Verdict v = verdict(liveIds);
            if (v.inQuorum() != inQuorum) {
                inQuorum = v.inQuorum();
                if (inQuorum) {
                    LOG.info(() -> "in quorum: " + v.reason());
                    reconcileRequested = true;
                } else {
                    stateLoaded = false;
                    LOG.warning(() -> "NOT in quorum: " + v.reason());
                }
            }
            if (cpEnabled && tracker.majorityVisiblyLost(liveIds)) {
                if (majorityLostSince < 0) majorityLostSince = System.currentTimeMillis();
            } else {
                majorityLostSince = -1;
            }
            if (inQuorum && reconcileRequested) loadState();
            if (inQuorum && stateLoaded && !clusterIdKnown) learnClusterId();
            if (cpEnabled && tracker.discoveryCompleted()) heal(liveMembers);
            if (!cpSettled && inQuorum && stateLoaded) settleCp(liveMembers.size());
            trackMissingNodes(live, announcements);
            publish(false);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "coordination tick failed", e);
        }
    }

    /** Restore from the local DB, register this node, and on init create the pyql cluster record. */
    private void loadState() {
        reconcileRequested = false;
        try {
            long t0 = System.nanoTime();
            ClusterStateService.Reconciled r = clusterState.reconcile();
            stateLoaded = true;
            LOG.info(() -> String.format("cluster state loaded in %d ms: %d rows, %d restored into the cluster from the local "
                            + "DB, %d stored locally", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), r.total(),
                    r.pushed(), r.pulled()));
            registerSelf();
        } catch (RuntimeException e) {
            reconcileRequested = true;
            LOG.log(Level.WARNING, "loading cluster state failed; retrying", e);
        }
    }

    private void registerSelf() {
        String hzAddress = address(hz.getCluster().getLocalMember());
        NodeEntity self = new NodeEntity(nodeId, httpAddress, hzAddress, config.role().name().toLowerCase(Locale.ROOT),
                System.currentTimeMillis());
        var existing = clusterState.get(StateKind.NODES, nodeId);
        if (existing.isEmpty() || !Objects.equals(existing.get().getHttpAddress(), httpAddress)
                || !Objects.equals(existing.get().getHzAddress(), hzAddress)) {
            clusterState.upsert(StateKind.NODES, self, n -> {
                n.setHttpAddress(httpAddress);
                n.setHzAddress(hzAddress);
            });
            LOG.info(() -> "registered node " + nodeId + " at " + httpAddress + " (Hazelcast " + hzAddress + ")");
        }
        learnClusterId();
    }

    /** On init, create the pyql cluster record; remember the cluster id, so that a restart rejoins without a token. */
    private void learnClusterId() {
        if (store.setting(SETTING_CLUSTER_ID).isPresent()) {
            clusterIdKnown = true;
            return;
        }
        List<ClusterEntity> pyql = clusterState.list(StateKind.CLUSTERS, c -> PYQL_CLUSTER.equals(c.getName()));
        if (pyql.isEmpty() && settings.action() == ClusterSettings.Action.INIT) {
            String owner = store.principalByUsername("admin").map(p -> p.getId()).orElse(null);
            // a fixed id: nodes that bootstrap together create one record, the others get a conflict and learn it
            ClusterEntity c = clusterState.create(StateKind.CLUSTERS, new ClusterEntity("c:" + PYQL_CLUSTER,
                    PYQL_CLUSTER, owner, "[]", System.currentTimeMillis()));
            LOG.info(() -> "initialised the pyql cluster " + c.getId());
            pyql = List.of(c);
        }
        if (!pyql.isEmpty()) {
            String id = pyql.get(0).getId();
            store.settingOrCreate(SETTING_CLUSTER_ID, () -> id);
            clusterIdKnown = true;
            LOG.info(() -> "this node now belongs to cluster " + id + "; it rejoins without a token after restarts");
        }
    }

    // ------------------------------------------------------------------ CP healing

    /**
     * Readiness waits (once per process) until the CP subsystem has taken this node in: it holds a CP seat, or all seats
     * are filled by live members. Otherwise a rolling restart could stop the next node while the previous one's seat is
     * still being healed, and lose the CP majority. Opens anyway after two minutes, with a warning.
     */
    private void settleCp(int liveCount) {
        long now = System.currentTimeMillis();
        String why = null;
        if (!cpEnabled) {
            why = "unsafe mode";
        } else if (localCpUuid() != null) {
            why = "this node holds a CP seat";
        } else if (cpMembersSeen >= cpMemberCount && cpNotAliveSince.isEmpty()) {
            why = "all " + cpMemberCount + " CP seats are held by live members";
        }
        if (why != null) {
            cpSettled = true;
            String w = why;
            LOG.info(() -> "CP membership settled: " + w);
            return;
        }
        if (settleWaitStart < 0) settleWaitStart = now;
        if (now - settleWaitStart > 120_000) {
            cpSettled = true;
            LOG.warning(() -> "CP membership not settled after 120 s (" + cpMembersSeen + " CP members listed, " + liveCount
                    + " members); reporting ready anyway");
        }
    }

    private void heal(List<CpHealPlan.Member> live) {
        CPSubsystemManagementService mgmt = hz.getCPSubsystem().getCPSubsystemManagementService();
        Set<UUID> alive = CpHealPlan.aliveCpIdentities(live);
        long now = System.currentTimeMillis();
        List<CpHealPlan.CpMember> cp = null;
        if (!tracker.majorityVisiblyLost(alive) && tracker.liveMetadataMembers(alive) >= 0) {
            try {
                cp = new ArrayList<>();
                for (CPMember m : CpCalls.await(mgmt.getCPMembers(), 3000)) {
                    cp.add(new CpHealPlan.CpMember(m.getUuid(), m.getAddress().getHost() + ":" + m.getAddress().getPort()));
                }
            } catch (RuntimeException e) {
                cp = null;
                LOG.fine(() -> "cannot read CP members: " + CpCalls.describe(e));
            }
        }
        if (cp != null) {
            Set<UUID> cpIds = new HashSet<>();
            for (CpHealPlan.CpMember m : cp) {
                cpIds.add(m.uuid());
                if (!alive.contains(m.uuid())) cpNotAliveSince.putIfAbsent(m.uuid(), now);
            }
            cpNotAliveSince.keySet().removeIf(u -> !cpIds.contains(u) || alive.contains(u));
            cpMembersSeen = cp.size();
        }
        boolean localIsCp = mgmt.getLocalCPMember() != null;
        CpHealPlan plan = CpHealPlan.decide(live, hz.getCluster().getLocalMember().getUuid(), localIsCp, cp,
                tracker.metadataMembers(), cpMemberCount, cpNotAliveSince, majorityLostSince,
                tracker.failingSinceMillis(), now, new CpHealPlan.Timing(REPLACED_GRACE_MILLIS,
                        settings.cpMissingMemberSeconds() * 1000L, RESET_DELAY_MILLIS));
        if (plan.isEmpty()) return;
        if (!plan.reason().equals(lastHealReason)) {
            lastHealReason = plan.reason();
            LOG.info(() -> "CP healing: " + plan.reason());
        }
        try {
            for (UUID stale : plan.remove()) {
                long t0 = System.nanoTime();
                CpCalls.await(mgmt.removeCPMember(stale), 15_000);
                cpNotAliveSince.remove(stale);
                LOG.info(() -> "removed stale CP member " + stale + " in " + ms(t0) + " ms");
            }
            if (plan.promoteSelf()) {
                long t0 = System.nanoTime();
                CpCalls.await(mgmt.promoteToCPMember(), 20_000);
                LOG.info(() -> "promoted this member into the CP subsystem in " + ms(t0) + " ms (CP uuid "
                        + mgmt.getLocalCPMember().getUuid() + ")");
                publish(true);
            }
            if (plan.reset()) {
                LOG.warning("resetting the CP subsystem: its majority is lost for good; CP data is wiped (cluster "
                        + "metadata is not kept in CP and is not affected)");
                long t0 = System.nanoTime();
                CpCalls.await(mgmt.reset(), 60_000);
                majorityLostSince = -1;
                tracker.discoveryCompleted(false);
                LOG.warning(() -> "CP subsystem reset in " + ms(t0) + " ms");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "CP healing step failed (retried on a later tick): " + CpCalls.describe(e));
        }
    }

    // ------------------------------------------------------------------ nodes, missing nodes

    private void trackMissingNodes(List<Member> live, Map<UUID, JsonNode> announcements) {
        Set<String> liveNodes = new HashSet<>(liveNodeIds(live, announcements));
        List<NodeEntity> registered;
        try {
            registered = clusterState.list(StateKind.NODES);
        } catch (RuntimeException e) {
            return;
        }
        long now = System.currentTimeMillis();
        Set<String> missing = new HashSet<>();
        for (NodeEntity n : registered) {
            if (!liveNodes.contains(n.getId())) {
                missing.add(n.getId());
                nodeMissingSince.putIfAbsent(n.getId(), now);
            }
        }
        nodeMissingSince.keySet().retainAll(missing);
        boolean master = !live.isEmpty() && live.get(0).localMember();
        if (master && stateLoaded && inQuorum && settings.nodeEvictSeconds() > 0) {
            for (NodeEntity n : registered) {
                Long since = nodeMissingSince.get(n.getId());
                if (since != null && now - since >= settings.nodeEvictSeconds() * 1000L) {
                    try {
                        clusterState.delete(StateKind.NODES, n);
                        nodeMissingSince.remove(n.getId());
                        LOG.info(() -> "evicted node " + n.getId() + " (" + n.getHttpAddress() + "): missing for "
                                + (now - since) / 1000 + " s");
                    } catch (RuntimeException e) {
                        LOG.log(Level.FINE, "eviction of " + n.getId() + " failed", e);
                    }
                }
            }
        }
        if (master) {   // drop announcements of members that are gone
            try {
                ReplicatedMap<String, String> members = hz.getReplicatedMap(MEMBERS_MAP);
                Set<String> liveKeys = new HashSet<>();
                for (Member m : live) liveKeys.add(m.getUuid().toString());
                for (String k : members.keySet()) {
                    if (!liveKeys.contains(k)) members.remove(k);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "members map cleanup", e);
            }
        }
    }

    /** The announcements (members map entries) of the live members, by member uuid. */
    private Map<UUID, JsonNode> announcements(List<Member> live) {
        Map<UUID, JsonNode> out = new LinkedHashMap<>();
        ReplicatedMap<String, String> members = hz.getReplicatedMap(MEMBERS_MAP);
        for (Member m : live) {
            String info = members.get(m.getUuid().toString());
            if (info == null) continue;
            try {
                out.put(m.getUuid(), JSON.readTree(info));
            } catch (JsonProcessingException e) {
                // a half-written announcement; skip it
            }
        }
        return out;
    }

    /** Live members with the CP identity each announced (the local one from the source). */
    private List<CpHealPlan.Member> describe(List<Member> live, Map<UUID, JsonNode> announcements) {
        List<CpHealPlan.Member> out = new ArrayList<>();
        for (Member m : live) {
            if (m.localMember()) {
                out.add(new CpHealPlan.Member(m.getUuid(), address(m), true, localCpUuid()));
                continue;
            }
            JsonNode a = announcements.get(m.getUuid());
            UUID cp = null;
            if (a != null && a.hasNonNull("cp_uuid")) cp = UUID.fromString(a.get("cp_uuid").asText());
            out.add(new CpHealPlan.Member(m.getUuid(), address(m), a != null, cp));
        }
        return out;
    }

    private UUID localCpUuid() {
        if (!cpEnabled) return null;
        CPMember local = hz.getCPSubsystem().getCPSubsystemManagementService().getLocalCPMember();
        return local == null ? null : local.getUuid();
    }

    /** pyql node ids of the live members, in member order (members that have not announced themselves are skipped). */
    private List<String> liveNodeIds(List<Member> live, Map<UUID, JsonNode> announcements) {
        List<String> ids = new ArrayList<>();
        for (Member m : live) {
            if (m.localMember()) {
                ids.add(nodeId);
                continue;
            }
            JsonNode a = announcements.get(m.getUuid());
            if (a != null && a.hasNonNull("node")) ids.add(a.get("node").asText());
        }
        return ids;
    }

    /** Puts this node's announcement (node id, addresses, quorum document) into the members map when it changed. */
    private void publish(boolean force) {
        HazelcastInstance h = hz;
        if (h == null || !h.getLifecycleService().isRunning()) return;
        ObjectNode info = JSON.createObjectNode();
        info.put("node", nodeId);
        info.put("http", httpAddress);
        info.put("hz", address(h.getCluster().getLocalMember()));
        info.put("role", config.role().name().toLowerCase(Locale.ROOT));
        UUID cpUuid = localCpUuid();
        if (cpUuid != null) info.put("cp_uuid", cpUuid.toString());
        if (lastCheckId != null) info.put("check_id", lastCheckId);
        ObjectNode doc = document();
        ObjectNode stable = doc.deepCopy();
        stable.remove("last_update_time");
        info.set("quorum", stable);
        String text = info.toString();
        long now = System.currentTimeMillis();
        if (!force && text.equals(lastPublished) && now - lastPublishedAt < 10_000) return;
        info.set("quorum", doc);
        h.getReplicatedMap(MEMBERS_MAP).put(h.getCluster().getLocalMember().getUuid().toString(), info.toString());
        lastPublished = text;
        lastPublishedAt = now;
    }

    private void answerCheck(String checkId) {
        try {
            probeOnce();
            tickSoon();
            lastCheckId = checkId;
            publish(true);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "quorum check " + checkId + " failed", e);
        }
    }

    // ------------------------------------------------------------------ quorum document and checks

    private QuorumTracker.Verdict verdict(Set<UUID> liveIds) {
        return switch (phase) {
            case NOT_STARTED -> new QuorumTracker.Verdict(false, "coordination not started");
            case STARTING -> new QuorumTracker.Verdict(false, phaseDetail);
            case JOIN_REFUSED, FAILED -> new QuorumTracker.Verdict(false, phaseDetail);
            case STOPPED -> new QuorumTracker.Verdict(false, "stopping");
            case RUNNING -> !hz.getLifecycleService().isRunning()
                    ? new QuorumTracker.Verdict(false, "the Hazelcast member is not running")
                    : cpEnabled ? tracker.evaluate(liveIds, System.nanoTime())
                    : new QuorumTracker.Verdict(true, "unsafe single-node mode (CP member count 0)");
        };
    }

    boolean inQuorumNow() {
        if (phase != Phase.RUNNING) return false;
        if (!cpEnabled) return verdict(Set.of()).inQuorum();
        // the member list is current; the announced CP uuids come from the last tick (they change rarely)
        Map<UUID, UUID> cpOf = announcedCp;
        Set<UUID> ids = new HashSet<>();
        for (Member m : hz.getCluster().getMembers()) {
            ids.add(m.getUuid());
            UUID cp = m.localMember() ? localCpUuid() : cpOf.get(m.getUuid());
            if (cp != null) ids.add(cp);
        }
        return verdict(ids).inQuorum();
    }

    boolean readyNow() {
        return stateLoaded && cpSettled && inQuorumNow();
    }

    boolean writableNow() {
        return stateLoaded && inQuorumNow();
    }

    /**
     * The quorum document: {@code node, ready, in_quorum, health, nodes:{nodes:[...]}, missing:{nodes:[{uuid,time}]},
     * last_update_time}, plus {@code reason}, {@code cp} and {@code hazelcast} details. Computed from the current member
     * list and the last CP probe; no side effects.
     */
    public ObjectNode document() {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("node", nodeId);
        Phase p = phase;
        HazelcastInstance h = hz;
        boolean running = p == Phase.RUNNING && h != null && h.getLifecycleService().isRunning();
        List<Member> live = running ? new ArrayList<>(h.getCluster().getMembers()) : List.of();
        Map<UUID, JsonNode> announcements = running ? announcements(live) : Map.of();
        Set<UUID> liveIds = running ? CpHealPlan.aliveCpIdentities(describe(live, announcements)) : Set.of();
        QuorumTracker.Verdict v = verdict(liveIds);
        boolean q = v.inQuorum();
        boolean ready = q && stateLoaded && cpSettled;
        doc.put("ready", ready);
        doc.put("in_quorum", q);
        doc.put("health", ready ? "healthy" : q ? "healing" : "unhealthy");
        ObjectNode nodes = doc.putObject("nodes");
        ArrayNode liveArr = nodes.putArray("nodes");
        if (running) {
            for (String id : liveNodeIds(live, announcements)) liveArr.add(id);
        } else if (nodeId != null) {
            liveArr.add(nodeId);
        }
        ArrayNode missing = doc.putObject("missing").putArray("nodes");
        nodeMissingSince.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> {
            ObjectNode m = missing.addObject();
            m.put("uuid", e.getKey());
            m.put("time", e.getValue() / 1000.0);
        });
        doc.put("last_update_time", System.currentTimeMillis() / 1000.0);
        doc.put("reason", ready ? "ready" : !q ? v.reason() : !stateLoaded ? "loading cluster state"
                : "waiting for the CP subsystem to take this node in");
        if (config != null) doc.put("role", config.role().name().toLowerCase(Locale.ROOT));
        ObjectNode cp = doc.putObject("cp");
        cp.put("mode", p != Phase.RUNNING ? "unknown" : cpEnabled ? "cp" : "unsafe");
        cp.put("member_count", cpMemberCount);
        cp.put("discovery_completed", !cpEnabled || tracker.discoveryCompleted());
        Set<UUID> meta = tracker.metadataMembers();
        cp.put("members", meta.size());
        cp.put("members_present", running ? Math.max(0, tracker.liveMetadataMembers(liveIds)) : 0);
        UUID localCp = running ? localCpUuid() : null;
        cp.put("local_member", localCp != null);
        if (localCp != null) cp.put("local_cp_uuid", localCp.toString());
        if (cpMembersSeen >= 0) cp.put("cp_members_listed", cpMembersSeen);
        if (tracker.lastOkEpochMillis() > 0) cp.put("last_ok_time", tracker.lastOkEpochMillis() / 1000.0);
        if (tracker.lastFailure() != null) cp.put("last_failure", tracker.lastFailure());
        long[] pct = tracker.latencyPercentiles();
        if (pct != null) {
            cp.put("call_p50_ms", pct[0] / 1000.0);
            cp.put("call_p99_ms", pct[1] / 1000.0);
            cp.put("calls_sampled", pct[2]);
        }
        if (running) {
            ObjectNode hzDoc = doc.putObject("hazelcast");
            hzDoc.put("cluster", h.getConfig().getClusterName());
            hzDoc.put("members", live.size());
            hzDoc.put("local", address(h.getCluster().getLocalMember()));
            hzDoc.put("embedded", provider.embedded());
        }
        return doc;
    }

    /** A synchronous CP round trip and maintenance pass, then the document ({@code POST /pyql/quorum}). */
    public ObjectNode refresh() {
        if (phase == Phase.RUNNING) {
            probeOnce();
            tickSoon();
        }
        return document();
    }

    /**
     * Asks every member to refresh its quorum state ({@code POST /pyql/quorum/check}) and collects their documents:
     * {@code {node id: {"status": 200|504, "content": {"message", "quorum"}}}}.
     */
    public ObjectNode checkAll(long timeoutMillis) {
        ObjectNode results = JSON.createObjectNode();
        if (phase != Phase.RUNNING) {
            ObjectNode r = results.putObject(nodeId);
            r.put("status", 503);
            r.putObject("content").put("message", phaseDetail).set("quorum", document());
            return results;
        }
        String checkId = UUID.randomUUID().toString();
        hz.<String>getTopic(CHECK_TOPIC).publish(checkId);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        ReplicatedMap<String, String> members = hz.getReplicatedMap(MEMBERS_MAP);
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        List<Member> live = new ArrayList<>(hz.getCluster().getMembers());
        while (true) {
            answers.clear();
            for (Member m : live) {
                String info = members.get(m.getUuid().toString());
                if (info == null) continue;
                try {
                    JsonNode n = JSON.readTree(info);
                    if (checkId.equals(n.path("check_id").asText())) answers.put(m.getUuid().toString(), n);
                } catch (JsonProcessingException e) {
                    // skip
                }
            }
            if (answers.size() >= live.size() || System.nanoTime() - deadline > 0) break;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Member m : live) {
            JsonNode answer = answers.get(m.getUuid().toString());
            String info = members.get(m.getUuid().toString());
            JsonNode known = answer;
            if (known == null && info != null) {
                try {
                    known = JSON.readTree(info);
                } catch (JsonProcessingException e) {
                    known = null;
                }
            }
            String key = known != null && known.hasNonNull("node") ? known.get("node").asText() : m.getUuid().toString();
            ObjectNode r = results.putObject(key);
            r.put("status", answer != null ? 200 : 504);
            ObjectNode content = r.putObject("content");
            content.put("message", answer != null ? "quorum updated on " + key
                    : "no answer from member " + address(m) + " within " + timeoutMillis + " ms");
            if (known != null && known.has("quorum")) content.set("quorum", known.get("quorum"));
        }
        return results;
    }

    // ------------------------------------------------------------------ accessors

    public String nodeId() {
        return nodeId;
    }

    public ClusterSettings settings() {
        return settings;
    }

    /** The Hazelcast member once running (for the cluster package: locks, sequences), else null. */
    public HazelcastInstance hazelcast() {
        return phase == Phase.RUNNING ? hz : null;
    }

    public boolean started() {
        return phase != Phase.NOT_STARTED;
    }

    // ------------------------------------------------------------------ helpers

    private static String address(Member m) {
        return m.getAddress().getHost() + ":" + m.getAddress().getPort();
    }

    private static long ms(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
