package org.pyql.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.pyql.auth.Caller;
import org.pyql.auth.TokenType;
import org.pyql.error.ForbiddenException;
import org.pyql.error.NotFoundException;

/**
 * Token issue on a node: {@code GET /auth/token/user} ({@code {"token"}}, 1 h) for a password login, and
 * {@code GET /auth/token/local} ({@code {"PYQL_LOCAL_SERVICE_TOKEN"}}) for the admin, the endpoint's service token a
 * cluster uses. Tokens are only issued for a password (Basic) login, so a leaked token cannot renew itself.
 */
@ApplicationScoped
@Path("auth/token")
@Produces(MediaType.APPLICATION_JSON)
public class DbAuthResource {
    @Inject
    private NodeStartup node;

    @GET
    @Path("{type}")
    public ObjectNode token(@PathParam("type") String type, @Context ContainerRequestContext request) {
        Caller caller = (Caller) request.getProperty(AuthFilter.CALLER);
        if (!caller.passwordLogin()) {
            throw new ForbiddenException("tokens are issued for a password login only", "use Basic authentication");
        }
        return switch (type) {
            case "user" -> JsonProvider.object("token", node.authenticator().tokens()
                    .issue(caller, TokenType.USER, node.config().userTokenTtlSeconds()));
            case "local" -> {
                if (caller.type() != TokenType.ADMIN) throw new ForbiddenException("admin only");
                yield JsonProvider.object("PYQL_LOCAL_SERVICE_TOKEN", node.authenticator().tokens()
                        .issue(caller, TokenType.SERVICE, node.config().serviceTokenTtlSeconds()));
            }
            default -> throw new NotFoundException("unknown token type " + type, "use user or local");
        };
    }
}
