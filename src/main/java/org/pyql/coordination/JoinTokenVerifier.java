package org.pyql.coordination;

import org.pyql.config.ClusterSettings;

/**
 * Decides whether a node started with {@code PYQL_CLUSTER_ACTION=join} may take part in the cluster. A refused node
 * logs why, leaves the Hazelcast cluster and fails its readiness probe. The auth issue supplies the real check (a
 * join-scoped JWT of an admin, signed with the cluster's key and not revoked): org.pyql.auth.ClusterJoinTokenVerifier.
 */
public interface JoinTokenVerifier {

    /** The verdict: accepted, or refused with a reason for the log and the readiness document. */
    record Result(boolean accepted, String reason) {
        public static Result accept(String reason) { return new Result(true, reason); }

        public static Result refuse(String reason) { return new Result(false, reason); }
    }

    /** {@code hz} is this node's member, already in the cluster, so the verifier can read the cluster's state. */
    Result verify(String token, ClusterSettings settings, com.hazelcast.core.HazelcastInstance hz);

    /**
     * {@code PYQL_CLUSTER_ACTION=init}: bootstrapping, or a node of the bootstrap group (the pods of one StatefulSet)
     * that carries the cluster's init secret; the verifier checks that secret against the cluster's admin.
     */
    default Result verifyInit(String initAdminPassword, com.hazelcast.core.HazelcastInstance hz) {
        return Result.accept("bootstrapping a new cluster");
    }
}
