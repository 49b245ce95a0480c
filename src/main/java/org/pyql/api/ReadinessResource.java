package org.pyql.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The readiness probe ({@code GET /cluster/pyql/ready}, no credentials): 200 with the quorum document when the node is
 * in quorum and has loaded the cluster state, else 503 with the same document. On a data endpoint (role endpoint) it is
 * the endpoint's readiness ({@code GET /pyql/ready}). Read-only: it never changes state, so
 * unauthenticated callers cannot abuse it (the original's {@code POST} that flipped readiness does not exist).
 * The decision is {@link NodeHealth}'s, shared with Payara's {@code /health/ready}.
 */
@ApplicationScoped
@Path("cluster/pyql/ready")
@Produces(MediaType.APPLICATION_JSON)
public class ReadinessResource {
    @Inject
    private NodeHealth health;

    @GET
    public Response ready() {
        NodeHealth.Answer a = health.readiness();
        return Response.status(a.up() ? 200 : 503).type(MediaType.APPLICATION_JSON_TYPE).entity(a.document()).build();
    }
}
