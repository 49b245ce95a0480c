package org.pyql.auth;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where logins live: the node's local state DB on a data endpoint, the replicated cluster users on cluster nodes.
 * The {@link Authenticator} asks it for Basic logins and to check that a token's principal still exists.
 */
public interface PrincipalDirectory {
    Optional<Principal> byUsername(String username);

    boolean exists(String id);

    /**
     * Registers {@code listener} to hear the id of every principal that changed (password, role) or was deleted, on
     * this node or any other, as soon as this node learns of it. A directory whose principals never change elsewhere
     * (a data endpoint's local one) need not call it.
     */
    default void onChange(Consumer<String> listener) {
    }

    /** A join token (by its id) that is known, not revoked and not expired; data endpoints never accept one. */
    default boolean joinTokenValid(String jti) {
        return false;
    }
}
