package org.pyql.auth;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.pyql.config.ClusterSettings;
import org.pyql.coordination.JoinTokenVerifier;
import org.pyql.coordination.StateKind;
import org.pyql.error.UnauthorizedException;
import org.pyql.state.JoinTokenEntity;
import org.pyql.state.KeyRingEntity;

/**
 * A node joining with {@code PYQL_CLUSTER_ACTION=join} must present a join token of an admin: signed with one of the
 * cluster's current keys, not expired, recorded in the cluster's join-token registry and not revoked. The keys and the
 * registry are read from the cluster itself (this node's member has just joined it); the token's content is never
 * logged.
 */
@ApplicationScoped
public class ClusterJoinTokenVerifier implements JoinTokenVerifier {
    private static final long KEYS_WAIT_MILLIS = 60_000;

    @Override
    public Result verify(String token, ClusterSettings settings, ClusterReader cluster) {
        if (token == null || token.isBlank()) {
            return Result.refuse("PYQL_CLUSTER_ACTION=join needs PYQL_CLUSTER_JOIN_TOKEN (an admin's join token: "
                    + "GET /auth/token/join)");
        }
        KeyRing ring = clusterKeys(cluster);
        if (ring == null) return Result.refuse("the cluster has no signing keys yet (is its first node initialised?)");
        TokenService.Verified v;
        try {
            v = new TokenService(ring).verifyWithExpiry(token);
        } catch (UnauthorizedException e) {
            return Result.refuse("the join token is not valid for this cluster (" + e.error() + ")");
        }
        if (v.caller().type() != TokenType.JOIN) return Result.refuse("the token is not a join token");
        if (!v.caller().admin()) return Result.refuse("only an admin's join token can add a cluster node");
        JoinTokenEntity registered = cluster.get(StateKind.JOIN_TOKENS, v.jti()).orElse(null);
        if (registered == null || registered.isRevoked()) {
            return Result.refuse("the join token was revoked or is unknown to the cluster");
        }
        return Result.accept("join token of admin " + v.caller().username() + " accepted");
    }

    /**
     * An init node is one of the bootstrap group: accepted while the cluster has no admin yet, or when its init secret
     * is the admin's current password (the Kubernetes secret every pod of the StatefulSet gets). Anyone else needs an
     * admin's join token.
     */
    @Override
    public Result verifyInit(String initAdminPassword, ClusterReader cluster) {
        org.pyql.state.UserEntity admin = cluster.get(StateKind.USERS, "admin").orElse(null);
        if (admin == null) return Result.accept("bootstrapping a new cluster");
        if (initAdminPassword != null && PasswordHasher.verify(initAdminPassword, admin.getPasswordHash())) {
            return Result.accept("init secret matches the cluster's admin: joining the bootstrap group");
        }
        return Result.refuse("the cluster is initialised and PYQL_CLUSTER_INIT_ADMIN_PW does not match its admin; "
                + "start with PYQL_CLUSTER_ACTION=join and an admin's join token (GET /auth/token/join)");
    }

    /** The cluster's key ring; a cluster that is still starting gets a minute to publish it. */
    private static KeyRing clusterKeys(ClusterReader cluster) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KEYS_WAIT_MILLIS);
        while (true) {
            var entry = cluster.get(StateKind.KEYS, KeyRingEntity.ID);
            if (entry.isPresent()) return KeyRing.fromJsonText(entry.get().getKeys());
            if (System.nanoTime() > deadline) return null;
            try {
                Thread.sleep(500);   // waiting for another node to publish, not synchronising with our own work
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}
