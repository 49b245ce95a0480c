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
 * Every route needs a credential except the probes ({@code /pyql/node}, {@code /pyql/live}, {@code /pyql/ready},
 * {@code /cluster/pyql/ready}), the Prometheus scrape {@code /metrics} and the API document {@code /openapi} (both
 * show no data and no secret; see the README's "Metrics" section).
 * Which credential scopes a route takes is decided per route with {@link Accepts}; without it: user credentials
 * everywhere, service credentials everywhere but on user, token and cluster management ({@code /auth},
 * {@code /cluster}), join tokens nowhere. The caller is left on the request for the resources.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AuthFilter implements ContainerRequestFilter {
    static final String CALLER = "pyql.caller";

    @Inject
    private Authenticator authenticator;
    @jakarta.ws.rs.core.Context
    private jakarta.ws.rs.container.ResourceInfo resourceInfo;

    /** The matched method's (or its class's) {@link Accepts}, or null. */
    private Accepts accepts() {
        if (resourceInfo == null || resourceInfo.getResourceMethod() == null) return null;
        Accepts a = resourceInfo.getResourceMethod().getAnnotation(Accepts.class);
        return a != null ? a : resourceInfo.getResourceClass().getAnnotation(Accepts.class);
    }

    /**
     * The remote address for counting failed logins per client; loopback is not counted, because behind a local
     * reverse proxy every caller would share it and one attacker would lock everybody out.
     */
    private static String clientAddress(ContainerRequestContext request) {
        // read from the request's properties (the servlet request's attributes), where RequestObservation left it: an
        // injected HttpServletRequest is a proxy that looks the request up on every call, 7 % of a GET's CPU samples
        String a = request.getProperty(RequestObservation.REMOTE_ADDRESS) instanceof String s ? s : null;
        if (a == null || a.startsWith("127.") || a.equals("::1") || a.equals("0:0:0:0:0:0:0:1")) return null;
        return a;
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/")) path = path.substring(1);
        if (path.equals("pyql/node") || path.equals("pyql/live") || path.equals("pyql/ready")
                || path.equals("cluster/pyql/ready") || path.equals("metrics") || path.equals("openapi")) return;
        Caller caller = authenticator.authenticate(request.getHeaderString("Authentication"),
                request.getHeaderString("Authorization"), clientAddress(request));
        Accepts accepts = accepts();
        if (accepts != null) {
            if (!java.util.Arrays.asList(accepts.value()).contains(caller.type())) {
                throw new ForbiddenException("a " + caller.type().claim() + " token is not accepted here",
                        caller.type() == TokenType.JOIN ? "a join token can only join a cluster"
                                : "use Basic or a user token");
            }
            request.setProperty(CALLER, caller);
            return;
        }
        if (caller.type() == TokenType.JOIN) {
            throw new ForbiddenException("a join token can only join a cluster", "use a user or service token");
        }
        if (caller.type() == TokenType.SERVICE && (path.startsWith("auth/") || path.startsWith("cluster/"))) {
            // node-to-node credentials operate nodes and data; users, tokens and clusters are managed by people
            throw new ForbiddenException("a service token cannot manage users, tokens or clusters",
                    "use Basic or a user token");
        }
        if (path.startsWith("db/") && !caller.isOperator()) {
            // the node's own databases sit below every cluster: only its operators may use them directly
            throw new ForbiddenException("admin or service credentials required for /db", "cluster users reach data "
                    + "through the clusters they own or that are shared with them");
        }
        request.setProperty(CALLER, caller);
    }
}
