package org.pyql.api;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.pyql.auth.Caller;
import org.pyql.auth.TokenType;
import org.pyql.cluster.Access;
import org.pyql.cluster.ClusterTables;
import org.pyql.cluster.join.TableCreation;
import org.pyql.cluster.route.EndpointClient;
import org.pyql.cluster.write.LeaderForwarder;
import org.pyql.cluster.write.WriteOutcome;
import org.pyql.error.BadRequestException;
import org.pyql.error.NotFoundException;
import org.pyql.replication.ReplicatedOp;

/**
 * The data API of data clusters, {@code /cluster/{c}/table/...}, the pyql-rest routes addressed by cluster name:
 * parse, call {@link ClusterTables}, answer. Reads return the chosen replica's answer as it is; writes answer the
 * original's {@code {"message": {<endpoint>: {"status", "content"}}, "consistency": true}} plus {@code seq}.
 * {@code ?owner=<username>} picks between same-named clusters; {@code ?consistency=strong} reads at the latest
 * acknowledged seq; {@code Idempotency-Key} makes a retried write apply once.
 */
@ApplicationScoped
@Path("cluster/{c}/table")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Accepts({TokenType.USER, TokenType.SERVICE})
public class ClusterTableResource {
    @Inject
    private ClusterTables tables;
    @Inject
    private TableCreation creation;
    @Inject
    private LeaderForwarder forwarder;
    @Inject
    private NodeStartup node;

    // ------------------------------------------------------------------ schema

    @POST
    @Path("create")
    public Response create(@PathParam("c") String c, @QueryParam("owner") String owner, JsonNode body,
                           @Context ContainerRequestContext request) {
        return created(c, owner, body, null, request);
    }

    @POST
    @Path("{t}/create")
    public Response createNamed(@PathParam("c") String c, @PathParam("t") String t, @QueryParam("owner") String owner,
                                JsonNode body, @Context ContainerRequestContext request) {
        return created(c, owner, body, t, request);
    }

    private Response created(String c, String owner, JsonNode body, String t, ContainerRequestContext request) {
        clusterOnly();
        var cluster = tables.cluster(AuthResource.caller(request), c, owner, Access.WRITE);
        TableCreation.Created r = creation.create(cluster, required(body), t);
        return Response.status(r.status()).entity(r.body()).build();
    }

    @GET
    @Path("{t}/config")
    public ObjectNode config(@PathParam("c") String c, @PathParam("t") String t, @QueryParam("owner") String owner,
                             @Context ContainerRequestContext request) {
        clusterOnly();
        return tables.config(AuthResource.caller(request), c, owner, t);
    }

    @GET
    @Path("{t}/endpoints")
    public ObjectNode endpoints(@PathParam("c") String c, @PathParam("t") String t, @QueryParam("owner") String owner,
                                @Context ContainerRequestContext request) {
        clusterOnly();
        Caller caller = AuthResource.caller(request);
        return tables.replicaStatus(caller, tables.target(caller, c, owner, t, Access.READ));
    }

    /** The routing view: the same replicas as {@code endpoints}, as routing sees them now. */
    @GET
    @Path("{t}/path")
    public ObjectNode path(@PathParam("c") String c, @PathParam("t") String t, @QueryParam("owner") String owner,
                           @Context ContainerRequestContext request) {
        return endpoints(c, t, owner, request);
    }

    // ------------------------------------------------------------------ reads

    @GET
    @Path("{t}")
    public Response all(@PathParam("c") String c, @PathParam("t") String t, @QueryParam("owner") String owner,
                        @QueryParam("consistency") String consistency, @Context ContainerRequestContext request) {
        return read(c, t, owner, consistency, null, null, request);
    }

    @GET
    @Path("{t}/select")
    public Response selectAll(@PathParam("c") String c, @PathParam("t") String t, @QueryParam("owner") String owner,
                              @QueryParam("consistency") String consistency, @Context ContainerRequestContext request) {
        return read(c, t, owner, consistency, null, null, request);
    }

    @POST
    @Path("{t}/select")
    public Response select(@PathParam("c") String c, @PathParam("t") String t, @QueryParam("owner") String owner,
                           @QueryParam("consistency") String consistency, JsonNode body,
                           @Context ContainerRequestContext request) {
        return read(c, t, owner, consistency, required(body), null, request);
    }

    @GET
    @Path("{t}/{key}")
    public Response byKey(@PathParam("c") String c, @PathParam("t") String t, @PathParam("key") String key,
                          @QueryParam("owner") String owner, @QueryParam("consistency") String consistency,
                          @Context ContainerRequestContext request) {
        return read(c, t, owner, consistency, null, key, request);
    }

    private Response read(String c, String t, String owner, String consistency, JsonNode select, String key,
                          ContainerRequestContext request) {
        clusterOnly();
        boolean strong = strong(consistency);
        var target = tables.target(AuthResource.caller(request), c, owner, t, Access.READ);
        EndpointClient.Reply reply = tables.read(target, select, key, strong);
        return Response.status(reply.status()).entity(reply.body()).type(MediaType.APPLICATION_JSON).build();
    }

    private static boolean strong(String consistency) {
        if (consistency == null || consistency.equals("default")) return false;
        if (consistency.equals("strong")) return true;
        throw new BadRequestException("invalid consistency " + consistency, "use strong or default");
    }

    // ------------------------------------------------------------------ writes

    @POST
    @Path("{t}")
    public Response insertPost(@PathParam("c") String c, @PathParam("t") String t, @QueryParam("owner") String owner,
                               @HeaderParam("Idempotency-Key") String idem, JsonNode body,
                               @Context ContainerRequestContext request) {
        return write(c, t, owner, ReplicatedOp.INSERT, null, required(body), idem, request);
    }

    @PUT
    @Path("{t}")
    public Response insertPut(@PathParam("c") String c, @PathParam("t") String t, @QueryParam("owner") String owner,
                              @HeaderParam("Idempotency-Key") String idem, JsonNode body,
                              @Context ContainerRequestContext request) {
        return write(c, t, owner, ReplicatedOp.INSERT, null, required(body), idem, request);
    }

    @POST
    @Path("{t}/insert")
    public Response insert(@PathParam("c") String c, @PathParam("t") String t, @QueryParam("owner") String owner,
                           @HeaderParam("Idempotency-Key") String idem, JsonNode body,
                           @Context ContainerRequestContext request) {
        return write(c, t, owner, ReplicatedOp.INSERT, null, required(body), idem, request);
    }

    @POST
    @Path("{t}/update")
    public Response update(@PathParam("c") String c, @PathParam("t") String t, @QueryParam("owner") String owner,
                           @HeaderParam("Idempotency-Key") String idem, JsonNode body,
                           @Context ContainerRequestContext request) {
        return write(c, t, owner, ReplicatedOp.UPDATE, null, required(body), idem, request);
    }

    @POST
    @Path("{t}/delete")
    public Response delete(@PathParam("c") String c, @PathParam("t") String t, @QueryParam("owner") String owner,
                           @HeaderParam("Idempotency-Key") String idem, JsonNode body,
                           @Context ContainerRequestContext request) {
        return write(c, t, owner, ReplicatedOp.DELETE, null, required(body), idem, request);
    }

    @POST
    @Path("{t}/{key}")
    public Response updateByKey(@PathParam("c") String c, @PathParam("t") String t, @PathParam("key") String key,
                                @QueryParam("owner") String owner, @HeaderParam("Idempotency-Key") String idem,
                                JsonNode body, @Context ContainerRequestContext request) {
        return write(c, t, owner, ReplicatedOp.UPDATE_KEY, key, required(body), idem, request);
    }

    @DELETE
    @Path("{t}/{key}")
    public Response deleteByKey(@PathParam("c") String c, @PathParam("t") String t, @PathParam("key") String key,
                                @QueryParam("owner") String owner, @HeaderParam("Idempotency-Key") String idem,
                                @Context ContainerRequestContext request) {
        return write(c, t, owner, ReplicatedOp.DELETE_KEY, key, null, idem, request);
    }

    private Response write(String c, String t, String owner, String action, String key, JsonNode body, String idem,
                           ContainerRequestContext request) {
        clusterOnly();
        Caller caller = AuthResource.caller(request);
        var target = tables.target(caller, c, owner, t, Access.WRITE);
        boolean forwarded = request.getHeaderString(LeaderForwarder.FORWARDED_HEADER) != null;
        LeaderForwarder.Request fwd = forwardable(request, body);
        WriteOutcome o = tables.write(caller, target, action, key, body, idem, forwarded,
                url -> forwarder.forward(url, fwd));
        if (o.notLeader()) {
            return Response.status(503).header(LeaderForwarder.NOT_LEADER_HEADER, "1")
                    .entity(JsonProvider.object("error", "not the table leader", "detail", "retry")).build();
        }
        return Response.status(o.status()).entity(o.body()).build();
    }

    private static LeaderForwarder.Request forwardable(ContainerRequestContext request, JsonNode body) {
        Map<String, String> h = new LinkedHashMap<>();
        for (String name : new String[]{"Authentication", "Authorization", "Idempotency-Key"}) {
            String v = request.getHeaderString(name);
            if (v != null) h.put(name, v);
        }
        h.put("Content-Type", "application/json");
        var uri = request.getUriInfo().getRequestUri();
        String pq = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        byte[] bytes = null;
        if (body != null) {
            try {
                bytes = JsonProvider.MAPPER.writeValueAsBytes(body);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return new LeaderForwarder.Request(request.getMethod(), pq, h, bytes);
    }

    private static JsonNode required(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) throw new BadRequestException("missing JSON body");
        return body;
    }

    private void clusterOnly() {
        if (!node.config().role().servesCluster()) {
            throw new NotFoundException("not a cluster node", "this node runs as a data endpoint only");
        }
    }
}
