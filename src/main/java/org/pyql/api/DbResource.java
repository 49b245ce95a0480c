package org.pyql.api;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import jakarta.ws.rs.core.MediaType;

import org.pyql.endpoint.DataStore;
import org.pyql.endpoint.DataStores;
import org.pyql.endpoint.RowSet;
import org.pyql.endpoint.TableCreator;
import org.pyql.endpoint.TableReader;
import org.pyql.endpoint.TableWriter;
import org.pyql.endpoint.replication.ReplicationClaims;
import org.pyql.error.BadRequestException;
import org.pyql.query.TableDefinitions;
import org.pyql.query.TableSchema;
import org.pyql.replication.ReplicatedOp;

/**
 * The pyql-rest data API, {@code /db/{db}/...}: resolve the database, hand the body to the reader or the writer.
 * A table that belongs to a data cluster is written only by the cluster's sequenced apply: {@code /db} writes on it
 * are refused (409 naming the cluster) and reads stay allowed; a read with {@code X-Pyql-Min-Seq: n} answers 409
 * {@code replica behind} unless this replica applied seq n of the table (the cluster's strong reads).
 */
@ApplicationScoped
@Path("db/{db}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class DbResource {
    /** The seq a strong read needs this replica to have applied (sent by cluster nodes). */
    static final String MIN_SEQ = "X-Pyql-Min-Seq";
    private static final JsonNode NO_BODY = com.fasterxml.jackson.databind.node.MissingNode.getInstance();

    @Inject
    private DataStores stores;
    @Inject
    private TableReader reader;
    @Inject
    private TableWriter writer;
    @Inject
    private TableCreator creator;
    @Inject
    private ReplicationClaims claims;
    @Inject
    private LocalDataCluster local;

    @GET
    @Path("tables")
    public ObjectNode tables(@PathParam("db") String db) {
        ArrayNode list = JsonProvider.MAPPER.createArrayNode();
        for (TableSchema t : store(db).tables()) {
            list.addObject().set(t.name(), TableDefinitions.toConfig(t));
        }
        ObjectNode out = JsonProvider.MAPPER.createObjectNode();
        out.set("tables", list);
        return out;
    }

    @GET
    @Path("table/{t}/config")
    public JsonNode config(@PathParam("db") String db, @PathParam("t") String t) {
        ObjectNode out = JsonProvider.MAPPER.createObjectNode();
        out.set(t, TableDefinitions.toConfig(store(db).requireTable(t)));
        return out;
    }

    @POST
    @Path("table/create")
    public ObjectNode create(@PathParam("db") String db, JsonNode body) {
        required(body).fieldNames().forEachRemaining(t -> claims.requireWritable(db, t));
        ObjectNode out = created(creator.create(store(db), body, null));
        local.tablesCreated();
        return out;
    }

    @POST
    @Path("table/{t}/create")
    public ObjectNode createNamed(@PathParam("db") String db, @PathParam("t") String t, JsonNode body) {
        claims.requireWritable(db, t);
        ObjectNode out = created(creator.create(store(db), required(body), t));
        local.tablesCreated();
        return out;
    }

    private static ObjectNode created(List<String> names) {
        return JsonProvider.object("message", "table " + String.join(", ", names) + " created successfully", "tables", names);
    }

    @GET
    @Path("table/{t}")
    public RowSet all(@PathParam("db") String db, @PathParam("t") String t, @HeaderParam(MIN_SEQ) String minSeq) {
        applied(db, t, minSeq);
        return reader.select(store(db), t, null);
    }

    @GET
    @Path("table/{t}/select")
    public RowSet selectAll(@PathParam("db") String db, @PathParam("t") String t, @HeaderParam(MIN_SEQ) String minSeq) {
        applied(db, t, minSeq);
        return reader.select(store(db), t, null);
    }

    @POST
    @Path("table/{t}/select")
    public RowSet select(@PathParam("db") String db, @PathParam("t") String t, @HeaderParam(MIN_SEQ) String minSeq,
                         JsonNode body) {
        applied(db, t, minSeq);
        return reader.select(store(db), t, required(body));
    }

    @POST
    @Path("table/{t}")
    public Object insertPost(@PathParam("db") String db, @PathParam("t") String t, JsonNode body) {
        if (local.sequences(db, t)) return local.write(db, t, ReplicatedOp.INSERT, null, required(body));
        claims.requireWritable(db, t);
        return writer.insert(store(db), t, required(body));
    }

    @PUT
    @Path("table/{t}")
    public Object insertPut(@PathParam("db") String db, @PathParam("t") String t, JsonNode body) {
        if (local.sequences(db, t)) return local.write(db, t, ReplicatedOp.INSERT, null, required(body));
        claims.requireWritable(db, t);
        return writer.insert(store(db), t, required(body));
    }

    @POST
    @Path("table/{t}/insert")
    public Object insert(@PathParam("db") String db, @PathParam("t") String t, JsonNode body) {
        if (local.sequences(db, t)) return local.write(db, t, ReplicatedOp.INSERT, null, required(body));
        claims.requireWritable(db, t);
        return writer.insert(store(db), t, required(body));
    }

    @POST
    @Path("table/{t}/update")
    public Object update(@PathParam("db") String db, @PathParam("t") String t, JsonNode body) {
        if (local.sequences(db, t)) return local.write(db, t, ReplicatedOp.UPDATE, null, required(body));
        claims.requireWritable(db, t);
        return writer.update(store(db), t, required(body));
    }

    @POST
    @Path("table/{t}/delete")
    public Object delete(@PathParam("db") String db, @PathParam("t") String t, JsonNode body) {
        if (local.sequences(db, t)) return local.write(db, t, ReplicatedOp.DELETE, null, required(body));
        claims.requireWritable(db, t);
        return writer.delete(store(db), t, required(body));
    }

    @GET
    @Path("table/{t}/{key}")
    public RowSet byKey(@PathParam("db") String db, @PathParam("t") String t, @PathParam("key") String key,
                        @HeaderParam(MIN_SEQ) String minSeq) {
        applied(db, t, minSeq);
        return reader.selectByKey(store(db), t, key);
    }

    @POST
    @Path("table/{t}/{key}")
    public Object updateByKey(@PathParam("db") String db, @PathParam("t") String t, @PathParam("key") String key,
                                   JsonNode body) {
        if (local.sequences(db, t)) return local.write(db, t, ReplicatedOp.UPDATE_KEY, key, required(body));
        claims.requireWritable(db, t);
        return writer.updateByKey(store(db), t, key, required(body));
    }

    @DELETE
    @Path("table/{t}/{key}")
    public Object deleteByKey(@PathParam("db") String db, @PathParam("t") String t, @PathParam("key") String key) {
        if (local.sequences(db, t)) return local.write(db, t, ReplicatedOp.DELETE_KEY, key, null);
        claims.requireWritable(db, t);
        return writer.deleteByKey(store(db), t, key);
    }

    /** {@code X-Pyql-Min-Seq}: 409 unless this replica applied that seq of the table; 400 when not a number. */
    private void applied(String db, String t, String minSeq) {
        if (minSeq == null || minSeq.isBlank()) return;
        long n;
        try {
            n = Long.parseLong(minSeq.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException("invalid " + MIN_SEQ + " header", "a whole number, got '"
                    + (minSeq.length() > 40 ? minSeq.substring(0, 40) + "..." : minSeq) + "'");
        }
        store(db).requireTable(t);   // an unknown table stays a 404, not a "behind"
        if (n > 0) claims.requireApplied(db, t, n);
    }

    private DataStore store(String db) {
        return stores.require(db);
    }

    private static JsonNode required(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw new BadRequestException("missing JSON body");
        }
        return body;
    }
}
