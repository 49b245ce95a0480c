package org.pyql.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.pyql.auth.TokenType;
import org.pyql.cluster.heal.EndpointEviction;

/**
 * {@code DELETE /cluster/{c}/endpoint/{id}} (admin): evicts a stale or dead endpoint (by its database id, as
 * {@code GET /cluster/{c}/endpoints} lists it) from the data cluster; see {@link EndpointEviction}.
 */
@ApplicationScoped
@Path("cluster/{c}/endpoint/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Accepts({TokenType.USER})
public class EndpointEvictionResource {
    @Inject
    private EndpointEviction eviction;
    @Inject
    private NodeStartup node;

    @DELETE
    public ObjectNode evict(@PathParam("c") String c, @PathParam("id") String id, @QueryParam("owner") String owner,
                            @Context ContainerRequestContext request) {
        HealJobResource.clusterOnly(node);
        EndpointEviction.Evicted e = eviction.evict(AuthResource.caller(request), c, owner, id);
        ObjectNode out = JsonProvider.MAPPER.createObjectNode();
        out.put("message", "endpoint evicted").put("id", e.id()).put("name", e.name());
        var t = out.putArray("tables");
        e.tables().forEach(t::add);
        return out;
    }
}
