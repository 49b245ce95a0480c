package org.pyql.api;

import java.io.IOException;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

import org.pyql.auth.Authenticator;
import org.pyql.auth.Caller;
import org.pyql.auth.TokenType;
import org.pyql.error.ForbiddenException;

/**
 * Every route needs a credential except the probes ({@code /pyql/node}, {@code /pyql/live}, {@code /cluster/pyql/ready}).
 * Data routes take a service, user or admin credential; the caller is left on the request for the resources.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AuthFilter implements ContainerRequestFilter {
    static final String CALLER = "pyql.caller";

    @Inject
    private Authenticator authenticator;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/")) path = path.substring(1);
        if (path.equals("pyql/node") || path.equals("pyql/live") || path.equals("cluster/pyql/ready")) return;
        Caller caller = authenticator.authenticate(request.getHeaderString("Authentication"),
                request.getHeaderString("Authorization"));
        if (caller.type() == TokenType.JOIN && !(path.startsWith("cluster/") && path.endsWith("/join"))) {
            throw new ForbiddenException("a join token can only join a cluster", "use a user or service token");
        }
        if (path.startsWith("db/") && !caller.isOperator()) {
            // the node's own databases sit below every cluster: only its operators may use them directly
            throw new ForbiddenException("admin or service credentials required for /db", "cluster users reach data "
                    + "through the clusters they own or that are shared with them");
        }
        request.setProperty(CALLER, caller);
    }
}
