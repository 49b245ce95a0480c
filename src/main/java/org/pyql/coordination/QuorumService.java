package org.pyql.coordination;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pyql.error.NotInQuorumException;

/**
 * What the rest of the application asks about quorum. Cluster routes call {@link #requireQuorum()} (or
 * {@link #requireWritable()} before changing metadata) first; without the CP majority they answer
 * {@code 503 {"error": "not in quorum", "detail": <reason>, "quorum": {...}}}.
 */
@ApplicationScoped
public class QuorumService {
    @Inject
    private Coordination coordination;

    /** The CP majority is reachable from this node now (membership plus a recent CP call; unsafe mode: running). */
    public boolean inQuorum() {
        return coordination.inQuorumNow();
    }

    /** What readiness reports: in quorum, cluster metadata loaded, and CP membership settled for this node. */
    public boolean ready() {
        return coordination.readyNow();
    }

    /** 503 with the quorum document unless in quorum. */
    public void requireQuorum() {
        if (!coordination.inQuorumNow()) {
            ObjectNode doc = coordination.document();
            throw new NotInQuorumException(doc.path("reason").asText("not in quorum"), doc);
        }
    }

    /** {@link #requireQuorum()}, and also 503 while the node is still loading cluster state after gaining quorum. */
    public void requireWritable() {
        requireQuorum();
        if (!coordination.writableNow()) {
            throw new NotInQuorumException("cluster state loading", "this node is still loading the cluster metadata",
                    coordination.document());
        }
    }

    /** The quorum document (no side effects). */
    public ObjectNode document() {
        return coordination.document();
    }

    /** A fresh CP round trip first, then the document. */
    public ObjectNode refresh() {
        return coordination.refresh();
    }

    /** Every member's refreshed document. */
    public ObjectNode checkAll() {
        return coordination.checkAll(5000);
    }

    public String nodeId() {
        return coordination.nodeId();
    }
}
