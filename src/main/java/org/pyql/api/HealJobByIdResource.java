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

import org.pyql.auth.TokenType;
import org.pyql.cluster.heal.HealJobViews;

/** {@code GET /cluster/jobs/{id}}: one healing job, for its cluster's owner or an admin (404 for anyone else). */
@ApplicationScoped
@Path("cluster/jobs/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Accepts({TokenType.USER, TokenType.SERVICE})
public class HealJobByIdResource {
    @Inject
    private HealJobViews views;
    @Inject
    private NodeStartup node;

    @GET
    public ObjectNode get(@PathParam("id") String id, @Context ContainerRequestContext request) {
        HealJobResource.clusterOnly(node);
        return views.one(AuthResource.caller(request), id);
    }
}
