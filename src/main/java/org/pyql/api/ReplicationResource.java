package org.pyql.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.pyql.auth.Caller;
import org.pyql.auth.TokenType;
import org.pyql.endpoint.replication.ReplicationService;
import org.pyql.endpoint.replication.SnapshotService;
import org.pyql.error.BadRequestException;
import org.pyql.error.ForbiddenException;
import org.pyql.replication.ReplicaClaim;
import org.pyql.replication.ReplicaPosition;
import org.pyql.replication.ReplicationBatch;

/**
 * The internal replication routes of an endpoint database, {@code /db/{db}/replication/...}: claims, positions, the
 * sequenced apply and the log. Every route needs a service token (what cluster nodes call endpoints with) or an admin.
 */
@ApplicationScoped
@Path("db/{db}/replication")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ReplicationResource {
    private static final ObjectReader STRICT = JsonProvider.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Inject
    private ReplicationService replication;
    @Inject
    private SnapshotService snapshots;
    @Inject
    private org.pyql.metrics.PyqlMetrics metrics;

    @GET
    public JsonNode overview(@PathParam("db") String db, @Context ContainerRequestContext request) {
        requireService(request);
        return tree(replication.overview(db));
    }

    @PUT
    @Path("{t}")
    public JsonNode claim(@PathParam("db") String db, @PathParam("t") String t, JsonNode body,
                                 @Context ContainerRequestContext request) {
        requireService(request);
        return tree(replication.claim(db, t, parse(body, ReplicaClaim.class, "a claim {\"cluster\", \"cluster_name\"}")));
    }

    @DELETE
    @Path("{t}")
    public ObjectNode release(@PathParam("db") String db, @PathParam("t") String t,
                              @Context ContainerRequestContext request) {
        requireService(request);
        ReplicaPosition was = replication.release(db, t);
        ObjectNode out = JsonProvider.object("message", "table " + t + " released");
        out.set("position", JsonProvider.MAPPER.valueToTree(was));
        return out;
    }

    @GET
    @Path("{t}/position")
    public JsonNode position(@PathParam("db") String db, @PathParam("t") String t,
                                    @Context ContainerRequestContext request) {
        requireService(request);
        return tree(replication.position(db, t));
    }

    @POST
    @Path("{t}/apply")
    public JsonNode apply(@PathParam("db") String db, @PathParam("t") String t, JsonNode body,
                             @Context ContainerRequestContext request) {
        requireService(request);
        ReplicationBatch batch = parse(body, ReplicationBatch.class,
                "a batch {\"cluster\", \"table\", \"term\", \"from_seq\", \"ops\"}");
        long start = System.nanoTime();
        boolean ok = false;
        try {
            JsonNode result = tree(replication.apply(db, t, batch));
            ok = true;
            return result;
        } finally {
            metrics.batchApplied(db, t, batch.ops() == null ? 0 : batch.ops().size(), System.nanoTime() - start, ok);
        }
    }

    @GET
    @Path("{t}/log")
    public JsonNode log(@PathParam("db") String db, @PathParam("t") String t,
                                          @QueryParam("from") String from, @QueryParam("limit") String limit,
                                          @Context ContainerRequestContext request) {
        requireService(request);
        return tree(replication.log(db, t, number("from", from), number("limit", limit)));
    }

    /** Donor side of a full copy: the table at one seq as NDJSON lines (see {@link SnapshotService#export}). */
    @GET
    @Path("{t}/snapshot")
    @Produces("application/x-ndjson")
    public jakarta.ws.rs.core.Response snapshot(@PathParam("db") String db, @PathParam("t") String t,
                                                @Context ContainerRequestContext request) {
        requireService(request);
        snapshots.checkExportable(db, t);   // 404 before the stream starts
        jakarta.ws.rs.core.StreamingOutput body = out -> snapshots.export(db, t, out);
        return jakarta.ws.rs.core.Response.ok(body, "application/x-ndjson").build();
    }

    /** Target side: an empty shadow table from the donor's config {@code {"config": {...}}}. */
    @POST
    @Path("{t}/snapshot/begin")
    public ObjectNode snapshotBegin(@PathParam("db") String db, @PathParam("t") String t, JsonNode body,
                                    @Context ContainerRequestContext request) {
        requireService(request);
        if (body == null || !body.isObject()) throw new BadRequestException("body must be {\"config\": {...}}");
        snapshots.begin(db, t, body.get("config"));
        return JsonProvider.object("message", "snapshot load of " + t + " started");
    }

    /** Target side: {@code {"rows": [...]}} appended to the shadow table. */
    @POST
    @Path("{t}/snapshot/rows")
    public ObjectNode snapshotRows(@PathParam("db") String db, @PathParam("t") String t, JsonNode body,
                                   @Context ContainerRequestContext request) {
        requireService(request);
        if (body == null || !body.isObject()) throw new BadRequestException("body must be {\"rows\": [...]}");
        int n = snapshots.rows(db, t, body.get("rows"));
        ObjectNode out = JsonProvider.MAPPER.createObjectNode();
        out.put("rows", n);
        return out;
    }

    /** Target side: the loaded shadow replaces the table, with the donor's position, in one step. */
    @POST
    @Path("{t}/snapshot/swap")
    public JsonNode snapshotSwap(@PathParam("db") String db, @PathParam("t") String t, JsonNode body,
                                 @Context ContainerRequestContext request) {
        requireService(request);
        return tree(snapshots.swap(db, t, parse(body, SnapshotService.Swap.class,
                "{\"cluster\", \"cluster_name\", \"term\", \"seq\"}")));
    }

    /** Records go out through the service's one Jackson mapper (their snake_case names), never JSON-B. */
    private static JsonNode tree(Object value) {
        return JsonProvider.MAPPER.valueToTree(value);
    }

    /** Cluster nodes call with the endpoint's service token; an admin may look and repair by hand. */
    private static void requireService(ContainerRequestContext request) {
        Caller caller = AuthResource.caller(request);
        if (caller == null || !(caller.type() == TokenType.SERVICE || caller.isAdmin())) {
            throw new ForbiddenException("service credentials required", "replication routes take a service token or an admin");
        }
    }

    /** A whole-number query parameter, or null when absent; 400 for anything else. */
    private static Long number(String name, String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be a whole number", "got '" + value + "'");
        }
    }

    private static <T> T parse(JsonNode body, Class<T> type, String shape) {
        if (body == null || body.isMissingNode() || body.isNull()) throw new BadRequestException("missing JSON body", shape);
        if (!body.isObject()) throw new BadRequestException("body must be a JSON object", shape);
        try {
            return STRICT.treeToValue(body, type);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("invalid body", shape + ": " + e.getOriginalMessage());
        }
    }
}
