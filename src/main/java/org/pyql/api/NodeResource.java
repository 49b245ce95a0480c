package org.pyql.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Unauthenticated probes: the node's identity, liveness (also the HTTP floor the benchmarks compare against) and a
 * data endpoint's readiness.
 */
@ApplicationScoped
@Path("pyql")
@Produces(MediaType.APPLICATION_JSON)
public class NodeResource {
    private static final ObjectNode ALIVE = JsonProvider.object("status", "alive");

    @Inject
    private NodeStartup node;
    @Inject
    private org.pyql.endpoint.EndpointReadiness endpointReadiness;

    @GET
    @Path("node")
    public ObjectNode node() {
        return JsonProvider.object("uuid", node.nodeId(), "role", node.config().role().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The data endpoint's own readiness (its databases answer); a node without databases has none (404). */
    @GET
    @Path("ready")
    public jakarta.ws.rs.core.Response ready() {
        if (!node.config().role().servesEndpoint()) {
            throw new org.pyql.error.NotFoundException("not a data endpoint", "cluster nodes report GET /cluster/pyql/ready");
        }
        return EndpointReadinessDocument.of(endpointReadiness);
    }

    /** Liveness: {@link NodeHealth#live()}, the same answer as Payara's {@code /health/live}. */
    @GET
    @Path("live")
    public ObjectNode live() {
        return ALIVE;
    }
}
