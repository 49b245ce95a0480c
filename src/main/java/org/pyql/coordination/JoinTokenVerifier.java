package org.pyql.coordination;

import org.pyql.config.ClusterSettings;

/**
 * Decides whether a node started with {@code PYQL_CLUSTER_ACTION=join} may take part in the cluster. A refused node
 * logs why, leaves the Hazelcast cluster and fails its readiness probe. The auth issue supplies the real check (a
 * join-scoped JWT signed with the cluster key); until then {@link DefaultJoinTokenVerifier} only requires a token.
 */
public interface JoinTokenVerifier {

    /** The verdict: accepted, or refused with a reason for the log and the readiness document. */
    record Result(boolean accepted, String reason) {
        public static Result accept(String reason) { return new Result(true, reason); }

        public static Result refuse(String reason) { return new Result(false, reason); }
    }

    Result verify(String token, ClusterSettings settings);
}
