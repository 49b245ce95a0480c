package org.pyql.auth;

import java.util.Optional;

import org.pyql.state.PrincipalEntity;
import org.pyql.state.StateStore;

/** A data endpoint's logins: the local admin (and local users) in the node's own state DB. */
public final class LocalPrincipals implements PrincipalDirectory {
    private final StateStore state;

    public LocalPrincipals(StateStore state) {
        this.state = state;
    }

    @Override
    public Optional<Principal> byUsername(String username) {
        return state.principalByUsername(username).map(LocalPrincipals::toPrincipal);
    }

    @Override
    public boolean exists(String id) {
        return state.principal(id).isPresent();
    }

    private static Principal toPrincipal(PrincipalEntity p) {
        return new Principal(p.getId(), p.getUsername(), p.getPasswordHash(), "admin".equals(p.getKind()));
    }
}
