package org.pyql.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.pyql.auth.Caller;
import org.pyql.cluster.ClusterAccess;
import org.pyql.cluster.DataClusters;
import org.pyql.state.ClusterEntity;
import org.pyql.error.NotFoundException;
import org.pyql.state.EndpointEntity;

/**
 * Data clusters: {@code /cluster} (what the caller may see), {@code /cluster/{name}/create|share|join|endpoints}.
 * Names are per owner; {@code ?owner=<username>} picks between same-named clusters shared with the caller.
 */
@ApplicationScoped
@Path("cluster")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ClusterResource {
    @Inject
    private DataClusters clusters;
    @Inject
    private NodeStartup node;
    @Inject
    private org.pyql.cluster.ClusterTables tables;

    @GET
    public ObjectNode list(@Context ContainerRequestContext request) {
        clusterOnly();
        ObjectNode out = JsonProvider.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("clusters");
        for (DataClusters.View v : clusters.visible(AuthResource.caller(request))) {
            list.add(summary(v));
        }
        return out;
    }

    @POST
    @Path("{name}/create")
    public Response create(@PathParam("name") String name, @Context ContainerRequestContext request) {
        clusterOnly();
        Caller caller = AuthResource.caller(request);
        ClusterEntity c = clusters.create(caller, name);
        return Response.status(201).entity(JsonProvider.object("message", "cluster created", "id", c.getId(), "name",
                c.getName(), "owner", caller.username())).build();
    }

    @GET
    @Path("{name}")
    public ObjectNode get(@PathParam("name") String name, @QueryParam("owner") String owner,
                          @Context ContainerRequestContext request) {
        clusterOnly();
        DataClusters.View v = clusters.get(AuthResource.caller(request), name, owner);
        ObjectNode out = summary(v);
        if (v.access() == org.pyql.cluster.Access.OWNER) {
            out.set("shared_with", JsonProvider.MAPPER.valueToTree(ClusterAccess.shares(v.cluster())));
        }
        return out;
    }

    @DELETE
    @Path("{name}")
    public ObjectNode delete(@PathParam("name") String name, @QueryParam("owner") String owner,
                             @Context ContainerRequestContext request) {
        clusterOnly();
        clusters.delete(AuthResource.caller(request), name, owner);
        return JsonProvider.object("message", "cluster deleted", "name", name);
    }

    @POST
    @Path("{name}/share")
    public ObjectNode share(@PathParam("name") String name, @QueryParam("owner") String owner, JsonNode body,
                            @Context ContainerRequestContext request) {
        clusterOnly();
        clusters.share(AuthResource.caller(request), name, owner, body);
        return JsonProvider.object("message", "cluster shared", "name", name);
    }

    @DELETE
    @Path("{name}/share/{username}")
    public ObjectNode unshare(@PathParam("name") String name, @PathParam("username") String username,
                              @QueryParam("owner") String owner, @Context ContainerRequestContext request) {
        clusterOnly();
        clusters.unshare(AuthResource.caller(request), name, owner, username);
        return JsonProvider.object("message", "share revoked", "name", name, "username", username);
    }

    @GET
    @Path("{name}/endpoints")
    public ObjectNode endpoints(@PathParam("name") String name, @QueryParam("owner") String owner,
                                @Context ContainerRequestContext request) {
        clusterOnly();
        ObjectNode out = JsonProvider.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("endpoints");
        for (EndpointEntity e : clusters.endpoints(AuthResource.caller(request), name, owner)) {
            list.addObject().put("id", org.pyql.cluster.route.EndpointIds.dbUuid(e.getId())).put("name", e.getName()).put("path", e.getPath())
                    .put("database", e.getDbName());
        }
        return out;
    }

    @POST
    @Path("{name}/join")
    @Accepts({org.pyql.auth.TokenType.JOIN, org.pyql.auth.TokenType.USER})
    public ObjectNode join(@PathParam("name") String name, JsonNode body, @Context ContainerRequestContext request) {
        clusterOnly();
        DataClusters.JoinResult r = clusters.join(AuthResource.caller(request), name, body);
        ObjectNode out = JsonProvider.object("message", "join cluster " + name + " for endpoint "
                + body.path("name").asText() + " completed successfully", "cluster", r.cluster().getId());
        var added = out.putArray("tables_added");
        r.tablesAdded().forEach(added::add);
        return out;
    }

    /** The join request template of the original, to fill in and POST back. */
    @GET
    @Path("{name}/join")
    @Accepts({org.pyql.auth.TokenType.JOIN, org.pyql.auth.TokenType.USER})
    public ObjectNode joinTemplate(@PathParam("name") String name) {
        clusterOnly();
        ObjectNode t = JsonProvider.MAPPER.createObjectNode();
        t.put("name", "<endpoint name>").put("path", "<host>:<port>").put("token", "<the endpoint's service token>");
        t.putObject("database").put("name", "<database name>").put("uuid", "<database uuid>");
        t.putArray("tables").addObject().putObject("<table>").put("primary_key", "<column>").putArray("columns");
        t.putArray("consistency").add("<table>");
        return t;
    }

    /** {@code {"<table>": <config>, ...}} */
    @GET
    @Path("{name}/tables")
    public ObjectNode tables(@PathParam("name") String name, @QueryParam("owner") String owner,
                             @Context ContainerRequestContext request) {
        clusterOnly();
        return tables.tables(AuthResource.caller(request), name, owner);
    }

    private static ObjectNode summary(DataClusters.View v) {
        return JsonProvider.object("id", v.cluster().getId(), "name", v.cluster().getName(), "owner", v.ownerName(),
                "access", v.label());
    }

    private void clusterOnly() {
        if (!node.config().role().servesCluster()) {
            throw new NotFoundException("not a cluster node", "this node runs as a data endpoint only");
        }
    }
}
