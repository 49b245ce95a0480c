package org.pyql.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Unauthenticated probes: the node's identity and liveness (also the HTTP floor the benchmarks compare against). */
@ApplicationScoped
@Path("pyql")
@Produces(MediaType.APPLICATION_JSON)
public class NodeResource {
    private static final ObjectNode ALIVE = JsonProvider.object("status", "alive");

    @Inject
    private NodeStartup node;

    @GET
    @Path("node")
    public ObjectNode node() {
        return JsonProvider.object("uuid", node.nodeId(), "role", node.config().role().name().toLowerCase(java.util.Locale.ROOT));
    }

    @GET
    @Path("live")
    public ObjectNode live() {
        return ALIVE;
    }
}
