package org.pyql.coordination;

import jakarta.enterprise.context.ApplicationScoped;

import org.pyql.config.ClusterSettings;

/**
 * Placeholder until join tokens exist (auth issue): a join needs a non-blank {@code PYQL_CLUSTER_JOIN_TOKEN}, whose
 * signature is not checked yet. Replace this bean (or add an {@code @Alternative @Priority} one) to verify tokens.
 */
@ApplicationScoped
public class DefaultJoinTokenVerifier implements JoinTokenVerifier {
    @Override
    public Result verify(String token, ClusterSettings settings) {
        if (token == null || token.isBlank()) {
            return Result.refuse("PYQL_CLUSTER_ACTION=join needs PYQL_CLUSTER_JOIN_TOKEN (a join token of the cluster)");
        }
        return Result.accept("join token present; its signature is NOT verified yet (join-token verification comes "
                + "with the auth issue)");
    }
}
