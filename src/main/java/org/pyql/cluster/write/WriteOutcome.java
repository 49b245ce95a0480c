package org.pyql.cluster.write;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a client gets for a write: the HTTP status and the JSON body (the original's
 * {@code {"message": {<endpoint>: {"status", "content"}}, "consistency": true}} plus {@code seq} and {@code out_of_sync}
 * on success; an error object otherwise). {@code notLeader} means this node does not sequence the table: the caller
 * forwards the write to {@code leaderUrl} (null when no leader is known yet).
 */
public record WriteOutcome(int status, ObjectNode body, boolean notLeader, String leaderUrl) {
    public static WriteOutcome of(int status, ObjectNode body) {
        return new WriteOutcome(status, body, false, null);
    }

    public static WriteOutcome notLeader(String leaderUrl) {
        return new WriteOutcome(0, null, true, leaderUrl);
    }

    static WriteOutcome error(int status, String error, String detail) {
        ObjectNode b = Json.MAPPER.createObjectNode().put("error", error);
        if (detail != null) b.put("detail", detail);
        return of(status, b);
    }
}
