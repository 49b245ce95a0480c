package org.pyql.auth;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.coordination.ClusterStateService;
import org.pyql.coordination.StateKind;
import org.pyql.error.ForbiddenException;
import org.pyql.error.NotFoundException;
import org.pyql.state.JoinTokenEntity;

/**
 * Issues tokens to password logins only (a token never mints another token, so a leaked one cannot renew itself):
 * user tokens, service tokens (admin), and join tokens, which are recorded in the cluster state so they can be listed
 * and revoked.
 */
@ApplicationScoped
public class TokenIssuer {
    @Inject
    private Authenticator authenticator;
    @Inject
    private ClusterStateService state;

    public record IssuedJoin(String token, String id, long expiresAt) {
    }

    public String user(Caller caller, long ttlSeconds) {
        requirePasswordLogin(caller);
        return authenticator.tokens().issue(caller, TokenType.USER, ttlSeconds);
    }

    /** A service token (node-to-node, or an endpoint's token for the cluster): admin only. */
    public String service(Caller caller, long ttlSeconds) {
        requirePasswordLogin(caller);
        if (!caller.admin()) throw new ForbiddenException("admin only", "service tokens are issued to admins");
        return authenticator.tokens().issue(caller, TokenType.SERVICE, ttlSeconds);
    }

    /**
     * A service token this node issues for itself, in the name of one of its own principals: a data endpoint's token
     * for the cluster it joins (sent in the join body, then used by cluster nodes to call the endpoint). Called at start
     * only, never from a route, so no password login is involved.
     */
    public String forNode(String principalId, String username, long ttlSeconds) {
        return authenticator.tokens().issue(new Caller(principalId, username, true, TokenType.SERVICE, false),
                TokenType.SERVICE, ttlSeconds);
    }

    public IssuedJoin join(Caller caller, long ttlSeconds) {
        requirePasswordLogin(caller);
        String token = authenticator.tokens().issue(caller, TokenType.JOIN, ttlSeconds);
        TokenService.Verified v = authenticator.tokens().verifyWithExpiry(token);
        state.create(StateKind.JOIN_TOKENS, new JoinTokenEntity(v.jti(), caller.id(), v.expiresAtMillis()));
        return new IssuedJoin(token, v.jti(), v.expiresAtMillis());
    }

    /** The caller's join tokens (an admin sees all). */
    public List<JoinTokenEntity> joinTokens(Caller caller) {
        return state.list(StateKind.JOIN_TOKENS, t -> caller.isAdmin() || t.getOwner().equals(caller.id()));
    }

    public void revokeJoin(Caller caller, String id) {
        JoinTokenEntity t = state.get(StateKind.JOIN_TOKENS, id)
                .filter(x -> caller.isAdmin() || x.getOwner().equals(caller.id()))
                .orElseThrow(() -> new NotFoundException("join token " + id + " not found"));
        state.modify(StateKind.JOIN_TOKENS, t.getId(), JoinTokenEntity::revoke);
    }

    private static void requirePasswordLogin(Caller caller) {
        if (!caller.passwordLogin()) {
            throw new ForbiddenException("tokens are issued for a password login only", "use Basic authentication");
        }
    }
}
