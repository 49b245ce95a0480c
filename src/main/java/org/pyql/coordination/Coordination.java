package org.pyql.coordination;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.pyql.config.ClusterSettings;
import org.pyql.config.PyqlConfig;
import org.pyql.state.StateStore;

/**
 * The CDI face of coordination (a thin adapter): {@link #start} builds this node's {@link NodeLifecycle} from the
 * beans it needs, {@link #snapshot()} is the one published {@link QuorumSnapshot}, and {@link #hazelcastMember()}
 * produces the narrow {@link HazelcastMember} handle for coordination classes that CDI builds (see {@code DESIGN.md},
 * "Adding a coordination class"). It also decides what a fatal coordination failure does: exit with status 3.
 */
@ApplicationScoped
public class Coordination {
    private static final Logger LOG = Logger.getLogger(Coordination.class.getName());
    /** Set by a JVM shutdown hook: while the server stops, its Hazelcast member going away is expected. */
    private static final AtomicBoolean JVM_STOPPING = new AtomicBoolean();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> JVM_STOPPING.set(true), "pyql-jvm-stopping"));
    }

    private final StateStore store;
    private final ClusterStateService clusterState;
    private final JoinTokenVerifier verifier;
    private final Instance<SystemClusterRecord> systemCluster;
    private final HazelcastMember member = new HazelcastMember();
    private final AtomicReference<QuorumSnapshot> snapshot = new AtomicReference<>(QuorumSnapshot.notStarted(null));
    private final NodeLeave leave = new NodeLeave();
    private volatile NodeLifecycle lifecycle;
    private volatile boolean stopped;

    /** For CDI's client proxy only. */
    protected Coordination() {
        this(null, null, null, null);
    }

    @Inject
    public Coordination(StateStore store, ClusterStateService clusterState, JoinTokenVerifier verifier,
                        Instance<SystemClusterRecord> systemCluster) {
        this.store = store;
        this.clusterState = clusterState;
        this.verifier = verifier;
        this.systemCluster = systemCluster;
    }

    /** Starts coordination for a cluster or standalone node; returns at once (the work is on background threads). */
    public synchronized void start(PyqlConfig config, String nodeId) {
        if (lifecycle != null) return;
        ClusterSettings settings = ClusterSettings.load(config.role());
        String http = "http://" + settings.hzInterface() + ":" + config.port();
        SystemClusterRecord records = systemCluster.isResolvable() ? systemCluster.get() : init -> java.util.Optional.empty();
        NodeLifecycle.Node node = new NodeLifecycle.Node(nodeId, config.role().name().toLowerCase(Locale.ROOT), http,
                settings, config.initAdminPassword());
        lifecycle = new NodeLifecycle(node, store, clusterState, verifier, records, member, this::exitUnlessShared,
                snapshot, leave);
        lifecycle.start();
    }

    /**
     * A cluster node without its Hazelcast member cannot do anything useful (on Payara not even serve requests), so it
     * exits with status 3 for its supervisor to restart it, like a node that fails to start.
     * {@code PYQL_EXIT_ON_START_FAILURE=false} keeps the JVM (e.g. when other applications share the server).
     */
    private void exitUnlessShared(String why) {
        if (!PyqlConfig.exitOnStartFailure() || JVM_STOPPING.get() || stopped) return;
        LOG.severe(() -> "exiting (status 3): " + why);
        new Thread(() -> System.exit(3), "pyql-coordination-exit").start();
    }

    /**
     * Adds a step to this node's graceful leave ({@link NodeLeave}: SIGTERM, or the application's stop). The table
     * sequencers use it to hand their tables over while quorum and the member are still there.
     */
    public void onLeave(NodeLeave.Stage stage, String what, Runnable step) {
        leave.register(stage, what, step);
    }

    @PreDestroy
    void stop() {
        stopped = true;
        leave.leave();   // at once, or waits for the shutdown hook's run of it
        NodeLifecycle l = lifecycle;
        if (l != null) l.close();
    }

    /** Whether this node runs coordination at all (a data endpoint does not). */
    public boolean started() {
        return lifecycle != null;
    }

    /** The latest quorum snapshot (never null). */
    public QuorumSnapshot snapshot() {
        return snapshot.get();
    }

    /** A synchronous CP round trip and maintenance pass, then the snapshot ({@code POST /pyql/quorum}). */
    public QuorumSnapshot refresh() {
        NodeLifecycle l = lifecycle;
        return l == null ? snapshot.get() : l.refresh(15_000);
    }

    /** Each live node's CP role ({@code GET /pyql/quorum/cp}): two CP calls of at most 3 s each. */
    public CpRoles cpRoles() {
        String id = snapshot.get().node();
        return member.running().map(hz -> CpRoles.read(hz, id)).orElseGet(() -> CpRoles.notRunning(id));
    }

    /** Every member's refreshed snapshot ({@code POST /pyql/quorum/check}). */
    public List<CheckResult> checkAll(long timeoutMillis) {
        NodeLifecycle l = lifecycle;
        if (l == null) return List.of(new CheckResult(null, 503, "coordination not started", snapshot.get()));
        return l.checkAll(timeoutMillis);
    }

    /**
     * This node's member handle for coordination classes built by CDI (constructor or producer parameter). Dependent
     * scope: the handle is a plain final class (no client proxy), the same object every time.
     */
    @Produces
    @Dependent
    HazelcastMember hazelcastMember() {
        return member;
    }
}
