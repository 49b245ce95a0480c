package org.pyql.coordination;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pyql.error.UnavailableException;

/**
 * 503 {@code {"error": "not in quorum", "detail": <reason>, "quorum": {...}}}: thrown by
 * {@link QuorumService#requireQuorum()} and {@link QuorumService#requireWritable()} on every state-changing or
 * cluster-data request of a node without the CP majority. The API maps it with the quorum document attached.
 */
public class NotInQuorumException extends UnavailableException {
    private static final long serialVersionUID = 1L;
    private final transient ObjectNode quorum;

    public NotInQuorumException(String reason, ObjectNode quorum) {
        this("not in quorum", reason, quorum);
    }

    /** The same 503 with another {@code error} text, e.g. while a node in quorum is still loading cluster state. */
    public NotInQuorumException(String error, String reason, ObjectNode quorum) {
        super(error, reason);
        this.quorum = quorum;
    }

    /** The node's quorum document at the time of the refusal. */
    public ObjectNode quorum() {
        return quorum;
    }
}
