package org.pyql.coordination;

import org.pyql.error.UnavailableException;

/**
 * 503 {@code {"error": "not in quorum", "detail": <reason>, "quorum": {...}}}: thrown by
 * {@link QuorumService#requireQuorum()} and {@link QuorumService#requireWritable()} on every state-changing or
 * cluster-data request of a node without the CP majority. It carries the snapshot the refusal was based on; the API
 * renders it as the quorum document.
 */
public class NotInQuorumException extends UnavailableException {
    private static final long serialVersionUID = 1L;
    private final transient QuorumSnapshot quorum;

    public NotInQuorumException(String reason, QuorumSnapshot quorum) {
        this("not in quorum", reason, quorum);
    }

    /** The same 503 with another {@code error} text, e.g. while a node in quorum is still loading cluster state. */
    public NotInQuorumException(String error, String reason, QuorumSnapshot quorum) {
        super(error, reason);
        this.quorum = quorum;
    }

    /** The node's quorum snapshot at the time of the refusal. */
    public QuorumSnapshot quorum() {
        return quorum;
    }
}
