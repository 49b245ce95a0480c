package org.pyql.coordination;

import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.error.NotInQuorumException;

/**
 * What the rest of the application asks about quorum, answered from the published {@link QuorumSnapshot} (no lock,
 * no Hazelcast call). Cluster routes call {@link #requireQuorum()} (or {@link #requireWritable()} before changing
 * metadata) first; without the CP majority they answer {@code 503 {"error": "not in quorum", "detail": <reason>,
 * "quorum": {...}}} ({@link NotInQuorumException} carries the snapshot).
 */
@ApplicationScoped
public class QuorumService {
    private final Supplier<QuorumSnapshot> snapshots;
    private final Coordination coordination;

    /** For CDI's client proxy only. */
    protected QuorumService() {
        this.snapshots = null;
        this.coordination = null;
    }

    @Inject
    public QuorumService(Coordination coordination) {
        this.coordination = coordination;
        this.snapshots = coordination::snapshot;
    }

    /** Over any source of snapshots (tests, and classes of this package built without CDI). */
    QuorumService(Supplier<QuorumSnapshot> snapshots) {
        this.snapshots = snapshots;
        this.coordination = null;
    }

    /** The latest snapshot (never null). */
    public QuorumSnapshot snapshot() {
        return snapshots.get();
    }

    /** Whether this node is a cluster node (it runs coordination); a data endpoint is not. */
    public boolean clusterNode() {
        return coordination == null || coordination.started();
    }

    /** The CP majority is reachable from this node now (membership plus a recent CP call; unsafe mode: running). */
    public boolean inQuorum() {
        return snapshot().inQuorumAt(System.currentTimeMillis());
    }

    /** What readiness reports: in quorum, cluster metadata loaded, and CP membership settled for this node. */
    public boolean ready() {
        QuorumSnapshot s = snapshot();
        return s.ready() && s.inQuorumAt(System.currentTimeMillis());
    }

    /** 503 with the quorum snapshot unless in quorum. */
    public void requireQuorum() {
        QuorumSnapshot s = snapshot();
        long now = System.currentTimeMillis();
        if (!s.inQuorumAt(now)) throw new NotInQuorumException(s.reasonAt(now), s);
    }

    /** {@link #requireQuorum()}, and also 503 while the node is still loading cluster state after gaining quorum. */
    public void requireWritable() {
        QuorumSnapshot s = snapshot();
        long now = System.currentTimeMillis();
        if (!s.inQuorumAt(now)) throw new NotInQuorumException(s.reasonAt(now), s);
        if (!s.writableAt(now)) {
            throw new NotInQuorumException("cluster state loading", "this node is still loading the cluster metadata", s);
        }
    }

    /** A fresh CP round trip and maintenance pass first, then the snapshot. */
    public QuorumSnapshot refresh() {
        return coordination == null ? snapshot() : coordination.refresh();
    }

    /** Every member's refreshed snapshot. */
    public List<CheckResult> checkAll() {
        return coordination == null ? List.of() : coordination.checkAll(5000);
    }

    /** Each live node's CP role, read now (CP calls); not running on a data endpoint. */
    public CpRoles cpRoles() {
        return coordination == null ? CpRoles.notRunning(nodeId()) : coordination.cpRoles();
    }

    public String nodeId() {
        return snapshot().node();
    }
}
