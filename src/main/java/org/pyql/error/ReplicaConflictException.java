package org.pyql.error;

/**
 * 409 from a replica about where it stands: {@code {"error": ..., "detail": ..., "position": {...}}}, e.g. a batch under
 * a stale term, a sequence gap, or a strong read on a replica that has not applied the seq asked for. The position
 * (a {@code org.pyql.replication.ReplicaPosition}) goes out as JSON next to the usual fields, so the caller can act on
 * it without another request.
 */
public class ReplicaConflictException extends ConflictException {
    private static final long serialVersionUID = 1L;

    public ReplicaConflictException(String error, String detail, Object position) {
        super(error, detail);
        with("position", position);   // an extra field of the error body (api.ErrorMapper)
    }

    /** The replica's position at the time of the refusal, serialisable by Jackson. */
    public Object position() {
        return extras().get("position");
    }
}
