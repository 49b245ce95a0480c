package org.pyql.error;

/**
 * 503 {@code {"error": "not in quorum", "detail": <reason>, "quorum": {...}}}: a node without the CP majority (or
 * still loading cluster state) refuses a state-changing or cluster-data request. The node's quorum document at the
 * time of the refusal rides along as the extra field {@code quorum}.
 */
public class NotInQuorumException extends UnavailableException {
    private static final long serialVersionUID = 1L;

    /** {@code quorum} is the node's quorum document (a JSON tree), or {@code null} when there is none. */
    public NotInQuorumException(String reason, Object quorum) {
        this("not in quorum", reason, quorum);
    }

    /** The same 503 with another {@code error} text, e.g. while a node in quorum is still loading cluster state. */
    public NotInQuorumException(String error, String reason, Object quorum) {
        super(error, reason);
        with("quorum", quorum);
    }

    /** The quorum document attached at the refusal, or {@code null}. */
    public Object quorum() {
        return extras().get("quorum");
    }
}
