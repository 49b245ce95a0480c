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
import org.pyql.error.BadRequestException;

/**
 * {@code DELETE /cluster/{c}/endpoint/{id}} (admin): evicts a stale or dead endpoint (by its database id, as
 * {@code GET /cluster/{c}/endpoints} lists it) from the data cluster; {@code ?force=true} also when it is the only
 * in-sync replica of a table; see {@link EndpointEviction}.
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
                            @QueryParam("force") String force, @Context ContainerRequestContext request) {
        HealJobResource.clusterOnly(node);
        EndpointEviction.Evicted e = eviction.evict(AuthResource.caller(request), c, owner, id, flag(force));
        ObjectNode out = JsonProvider.MAPPER.createObjectNode();
        out.put("message", "endpoint evicted").put("id", e.id()).put("name", e.name());
        var t = out.putArray("tables");
        e.tables().forEach(t::add);
        var f = out.putArray("forced");
        e.forced().forEach(f::add);
        return out;
    }

    private static boolean flag(String force) {
        if (force == null || force.equals("false")) return false;
        if (force.equals("true")) return true;
        throw new BadRequestException("force must be true or false, not '" + force + "'");
    }
}
