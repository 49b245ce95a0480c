package org.pyql.auth;

import java.util.Optional;

/**
 * Where logins live: the node's local state DB on a data endpoint, the replicated cluster users on cluster nodes.
 * The {@link Authenticator} asks it for Basic logins and to check that a token's principal still exists.
 */
public interface PrincipalDirectory {
    Optional<Principal> byUsername(String username);

    boolean exists(String id);

    /** A join token (by its id) that is known, not revoked and not expired; data endpoints never accept one. */
    default boolean joinTokenValid(String jti) {
        return false;
    }
}
