package org.pyql.coordination;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.pyql.state.NodeEntity;
import org.pyql.state.StateStore;

/**
 * This node's part of the replicated metadata (coordination thread only): loads the cluster state when the node gains
 * quorum (reconcile of the state maps and the local DB, {@link ClusterStateService#reconcile()}), registers the node
 * (id, HTTP and Hazelcast address), learns which cluster it belongs to ({@link SystemClusterRecord}), tracks registered
 * nodes that are not live members and, on the oldest member, evicts those missing for {@code PYQL_NODE_EVICT_SECONDS}.
 */
final class NodeRegistry {
    private static final Logger LOG = Logger.getLogger(NodeRegistry.class.getName());
    static final String SETTING_CLUSTER_ID = "cluster.id";

    private final ClusterStateService clusterState;
    private final StateStore store;
    private final SystemClusterRecord systemCluster;
    private final String nodeId;
    private final String role;
    private final String httpAddress;
    private final boolean init;
    private final long evictMillis;

    private boolean reconcileRequested;
    private boolean stateLoaded;
    private boolean clusterIdKnown;
    /** The Hazelcast address this node's record was last confirmed with (null: not confirmed since quorum came). */
    private String registeredHz;
    private final Map<String, Long> missingSince = new HashMap<>();

    NodeRegistry(ClusterStateService clusterState, StateStore store, SystemClusterRecord systemCluster, String nodeId,
                 String role, String httpAddress, boolean init, long evictMillis) {
        this.clusterState = clusterState;
        this.store = store;
        this.systemCluster = systemCluster;
        this.nodeId = nodeId;
        this.role = role;
        this.httpAddress = httpAddress;
        this.init = init;
        this.evictMillis = evictMillis;
    }

    /** Reload on the next tick in quorum (quorum gained, or a map partition was lost). */
    void requestReconcile() {
        reconcileRequested = true;
    }

    /** Without quorum the loaded state may be stale: writes wait for the next reconcile. */
    void quorumLost() {
        stateLoaded = false;
        registeredHz = null;
    }

    boolean stateLoaded() {
        return stateLoaded;
    }

    boolean clusterIdKnown() {
        return clusterIdKnown;
    }

    /** Reconciles maps and local DB if asked to; true when the state was just loaded. */
    boolean loadIfRequested() {
        if (!reconcileRequested) return false;
        reconcileRequested = false;
        try {
            long t0 = System.nanoTime();
            ClusterStateService.Reconciled r = clusterState.reconcile();
            stateLoaded = true;
            LOG.info(() -> String.format("cluster state loaded in %d ms: %d rows, %d restored into the cluster from the "
                            + "local DB, %d stored locally", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
                    r.total(), r.pushed(), r.pulled()));
            return true;
        } catch (RuntimeException e) {
            reconcileRequested = true;
            LOG.log(Level.WARNING, "loading cluster state failed; retrying", e);
            return false;
        }
    }

    /**
     * Registers this node, or updates its addresses when they changed (a metadata write: needs a writable snapshot).
     * Called on every tick with the state loaded until it succeeds once: other nodes forward writes to a table leader
     * by the HTTP address of this record, so a first attempt refused (e.g. the snapshot not yet writable) must not
     * leave the node unreachable for good, as it did when registration ran only right after the state loaded.
     */
    void registerSelf(String hzAddress) {
        if (hzAddress.equals(registeredHz)) return;
        NodeEntity self = new NodeEntity(nodeId, httpAddress, hzAddress, role, System.currentTimeMillis());
        try {
            Optional<NodeEntity> existing = clusterState.get(StateKind.NODES, nodeId);
            if (existing.isEmpty() || !Objects.equals(existing.get().getHttpAddress(), httpAddress)
                    || !Objects.equals(existing.get().getHzAddress(), hzAddress)) {
                clusterState.upsert(StateKind.NODES, self, n -> {
                    n.setHttpAddress(httpAddress);
                    n.setHzAddress(hzAddress);
                });
                LOG.info(() -> "registered node " + nodeId + " at " + httpAddress + " (Hazelcast " + hzAddress + ")");
            }
            registeredHz = hzAddress;
        } catch (RuntimeException e) {
            LOG.info(() -> "registering node " + nodeId + " failed (" + e.getMessage() + "); retrying on the next tick");
        }
    }

    /** Remembers the cluster id in the local DB once the system cluster record exists (so restarts need no token). */
    void learnClusterId() {
        if (clusterIdKnown) return;
        if (store.setting(SETTING_CLUSTER_ID).isPresent()) {
            clusterIdKnown = true;
            return;
        }
        Optional<String> id = systemCluster.ensure(init);
        if (id.isPresent()) {
            store.settingOrCreate(SETTING_CLUSTER_ID, id::get);
            clusterIdKnown = true;
            LOG.info(() -> "this node now belongs to cluster " + id.get() + "; it rejoins without a token after restarts");
        }
    }

    /**
     * Updates which registered nodes are missing from {@code liveNodeIds}; with {@code mayEvict} (the oldest member, in
     * quorum, state loaded) deletes the registration of those missing longer than the eviction delay.
     */
    void trackMissing(List<String> liveNodeIds, boolean mayEvict) {
        Set<String> live = new HashSet<>(liveNodeIds);
        List<NodeEntity> registered;
        try {
            registered = clusterState.list(StateKind.NODES);
        } catch (RuntimeException e) {
            return;   // no member, or the map is unreachable: keep the last view
        }
        long now = System.currentTimeMillis();
        Set<String> missing = new HashSet<>();
        for (NodeEntity n : registered) {
            if (!live.contains(n.getId())) {
                missing.add(n.getId());
                missingSince.putIfAbsent(n.getId(), now);
            }
        }
        missingSince.keySet().retainAll(missing);
        if (!mayEvict || !stateLoaded || evictMillis <= 0) return;
        for (NodeEntity n : registered) {
            Long since = missingSince.get(n.getId());
            if (since == null || now - since < evictMillis) continue;
            try {
                clusterState.delete(StateKind.NODES, n);
                missingSince.remove(n.getId());
                LOG.info(() -> "evicted node " + n.getId() + " (" + n.getHttpAddress() + "): missing for "
                        + (now - since) / 1000 + " s");
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "eviction of node " + n.getId() + " failed (retried on a later tick)", e);
            }
        }
    }

    /** Registered nodes that are not live, oldest first. */
    List<QuorumSnapshot.MissingNode> missing() {
        List<QuorumSnapshot.MissingNode> out = new ArrayList<>();
        missingSince.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> out.add(new QuorumSnapshot.MissingNode(e.getKey(), e.getValue())));
        return out;
    }
}
