package org.pyql.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.pyql.auth.TokenType;
import org.pyql.cluster.heal.HealJobViews;
import org.pyql.error.NotFoundException;

/**
 * {@code GET /cluster/{c}/jobs}: the healing jobs of a data cluster ({@code {"jobs": [...]}}), for its owner or an
 * admin; {@code GET /cluster/jobs/{id}} is {@link HealJobByIdResource}.
 */
@ApplicationScoped
@Path("cluster/{c}/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Accepts({TokenType.USER, TokenType.SERVICE})
public class HealJobResource {
    @Inject
    private HealJobViews views;
    @Inject
    private NodeStartup node;

    @GET
    public ObjectNode list(@PathParam("c") String c, @QueryParam("owner") String owner,
                           @Context ContainerRequestContext request) {
        clusterOnly(node);
        ObjectNode out = JsonProvider.MAPPER.createObjectNode();
        var arr = out.putArray("jobs");
        views.ofCluster(AuthResource.caller(request), c, owner).forEach(arr::add);
        return out;
    }

    static void clusterOnly(NodeStartup node) {
        if (!node.config().role().servesCluster()) {
            throw new NotFoundException("not a cluster node", "this node runs as a data endpoint only");
        }
    }
}
