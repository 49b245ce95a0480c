package org.pyql.coordination;

import java.util.Optional;

import org.pyql.config.ClusterSettings;
import org.pyql.state.MetadataEntity;

/**
 * Decides whether a node started with {@code PYQL_CLUSTER_ACTION=join} (or {@code init}) may take part in the cluster.
 * A refused node logs why, takes no CP seat, writes no metadata and fails its readiness probe. The implementation (a
 * join-scoped JWT of an admin, signed with the cluster's key and not revoked) is org.pyql.auth.ClusterJoinTokenVerifier.
 */
public interface JoinTokenVerifier {

    /** The verdict: accepted, or refused with a reason for the log and the readiness document. */
    record Result(boolean accepted, String reason) {
        public static Result accept(String reason) { return new Result(true, reason); }

        public static Result refuse(String reason) { return new Result(false, reason); }
    }

    /** The cluster's replicated state as the joining member reads it (no quorum needed, tombstones read as absent). */
    interface ClusterReader {
        <E extends MetadataEntity> Optional<E> get(StateKind<E> kind, String id);
    }

    /** {@code cluster} reads the state of the cluster this node's member has just joined. */
    Result verify(String token, ClusterSettings settings, ClusterReader cluster);

    /**
     * {@code PYQL_CLUSTER_ACTION=init}: bootstrapping, or a node of the bootstrap group (the pods of one StatefulSet)
     * that carries the cluster's init secret; the verifier checks that secret against the cluster's admin.
     */
    default Result verifyInit(String initAdminPassword, ClusterReader cluster) {
        return Result.accept("bootstrapping a new cluster");
    }
}
