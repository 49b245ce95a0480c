package org.pyql.cluster;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.auth.Caller;
import org.pyql.auth.TokenType;
import org.pyql.auth.UserService;
import org.pyql.cluster.route.ClusterIndex;
import org.pyql.cluster.route.EndpointClient;
import org.pyql.cluster.route.ReadRouter;
import org.pyql.cluster.route.Replica;
import org.pyql.cluster.route.TableKey;
import org.pyql.cluster.route.TableSchemas;
import org.pyql.cluster.write.LeaderForwarder;
import org.pyql.cluster.write.ReplicaSetStore;
import org.pyql.cluster.write.WriteOp;
import org.pyql.cluster.write.WriteOutcome;
import org.pyql.cluster.write.WriteService;
import org.pyql.coordination.QuorumService;
import org.pyql.error.BadRequestException;
import org.pyql.error.ForbiddenException;
import org.pyql.error.NotFoundException;
import org.pyql.query.Catalog;
import org.pyql.query.Dialect;
import org.pyql.query.QueryCompiler;
import org.pyql.query.TableSchema;
import org.pyql.replication.ReplicatedOp;
import org.pyql.state.ClusterEntity;
import org.pyql.state.TableEntity;
import org.pyql.state.UserEntity;

/**
 * The data API of data clusters, behind the resources: resolve the cluster for the caller (owner, write or read share,
 * operators), the table, validate the body against the table's schema before anything is sent (unknown column 400),
 * then read from an in-sync replica or hand the write to the table's leader. Every route needs quorum.
 */
@ApplicationScoped
public class ClusterTables {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Validation renders SQL once for the schema check; the endpoints render their own dialect. */
    private static final QueryCompiler VALIDATOR = new QueryCompiler(Dialect.SQLITE);
    static final int MAX_BULK_ROWS = 100_000;
    private static final java.util.regex.Pattern IDEMPOTENCY_KEY = java.util.regex.Pattern.compile("[\\x21-\\x7e]{1,128}");

    @Inject
    private ClusterIndex index;
    @Inject
    private ReadRouter reader;
    @Inject
    private WriteService writes;
    @Inject
    private ReplicaSetStore replicaSets;
    @Inject
    private QuorumService quorum;
    @Inject
    private UserService users;
    @Inject
    private EndpointClient endpoints;
    @Inject
    private org.pyql.cluster.write.TableLeaders leaders;

    private final TableSchemas schemas = new TableSchemas();

    /** A resolved table of a cluster the caller may use at {@code access}. */
    public record Target(ClusterEntity cluster, TableEntity table, TableKey key, TableSchema schema) {
    }

    public ClusterEntity cluster(Caller caller, String name, String ownerName, Access needed) {
        quorum.requireQuorum();
        if (caller.type() == TokenType.JOIN) throw new ForbiddenException("a join token can only join a cluster");
        ClusterIndex.Snapshot snap = index.snapshot();
        String ownerId = null;
        if (ownerName != null) {
            ownerId = users.find(ownerName).map(UserEntity::getUid)
                    .orElseThrow(() -> new NotFoundException("cluster " + name + " not found"));
        }
        if (caller.type() == TokenType.SERVICE) {
            // node-to-node and operators' service credentials: every cluster, as its owner would
            String o = ownerId;
            List<ClusterEntity> named = snap.clusters().stream().filter(c -> c.getName().equals(name)
                    && (o == null || o.equals(c.getOwner()))).toList();
            if (named.isEmpty()) throw new NotFoundException("cluster " + name + " not found");
            if (named.size() > 1) throw new org.pyql.error.ConflictException("cluster name " + name + " is ambiguous",
                    "add ?owner=<username>");
            return named.get(0);
        }
        ClusterEntity c = ClusterAccess.resolve(caller, snap.clusters(), name, ownerId);
        ClusterAccess.require(caller, c, needed);
        return c;
    }

    public Target target(Caller caller, String cluster, String ownerName, String table, Access needed) {
        ClusterEntity c = cluster(caller, cluster, ownerName, needed);
        TableEntity t = index.snapshot().table(c.getId(), table)
                .orElseThrow(() -> new NotFoundException("table " + table + " not found in cluster " + cluster));
        return new Target(c, t, new TableKey(c.getId(), t.getName()), schemas.of(t));
    }

    /** A table by cluster id, for the node itself (the all-in-one node's {@code /db} writes); no caller check. */
    public Target targetById(String clusterId, String table) {
        quorum.requireQuorum();
        ClusterIndex.Snapshot snap = index.snapshot();
        ClusterEntity c = snap.clusters().stream().filter(x -> x.getId().equals(clusterId)).findFirst()
                .orElseThrow(() -> new NotFoundException("cluster " + clusterId + " not found"));
        TableEntity t = snap.table(clusterId, table)
                .orElseThrow(() -> new NotFoundException("table " + table + " not found in cluster " + c.getName()));
        return new Target(c, t, new TableKey(clusterId, table), schemas.of(t));
    }

    /** {@code {"<table>": <config>, ...}} of every table of the cluster. */
    public ObjectNode tables(Caller caller, String cluster, String ownerName) {
        ClusterEntity c = cluster(caller, cluster, ownerName, Access.READ);
        ObjectNode out = JSON.createObjectNode();
        for (TableEntity t : index.snapshot().tables(c.getId())) out.set(t.getName(), config(t));
        return out;
    }

    public ObjectNode config(Caller caller, String cluster, String ownerName, String table) {
        Target t = target(caller, cluster, ownerName, table, Access.READ);
        ObjectNode out = JSON.createObjectNode();
        out.set(t.table().getName(), config(t.table()));
        return out;
    }

    private static JsonNode config(TableEntity t) {
        try {
            return JSON.readTree(t.getConfig());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable config of table " + t.getName(), e);
        }
    }

    // ------------------------------------------------------------------ reads

    /** All rows ({@code select == null}), a select body, or one row by key; the endpoint's answer as it is. */
    public EndpointClient.Reply read(Target t, JsonNode select, String key, boolean strong) {
        Set<String> tables = new LinkedHashSet<>();
        tables.add(t.table().getName());
        String method = "GET";
        String suffix = "/table/" + t.table().getName();
        byte[] body = null;
        if (key != null) {
            VALIDATOR.selectByKey(t.schema(), key);
            suffix += "/" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
        } else if (select != null) {
            VALIDATOR.select(t.schema(), recording(t, tables), select);
            method = "POST";
            suffix += "/select";
            body = bytes(select);
        }
        List<Replica> candidates = inSyncForAll(t, tables);
        Long minSeq = strong ? replicaSets.read(t.key()).set().ackedSeq() : null;
        return reader.read(t.key(), candidates, method, suffix, body, minSeq);
    }

    /** Replicas in sync for the base table and every table a join names (they must all be on the one endpoint). */
    private List<Replica> inSyncForAll(Target t, Set<String> tables) {
        ClusterIndex.Snapshot snap = index.snapshot();
        List<Replica> base = snap.inSync(t.key());
        if (tables.size() == 1) return base;
        List<Replica> out = new ArrayList<>();
        for (Replica r : base) {
            boolean all = true;
            for (String other : tables) {
                all &= snap.inSync(new TableKey(t.key().clusterId(), other)).stream()
                        .anyMatch(o -> o.endpointId().equals(r.endpointId()));
            }
            if (all) out.add(r);
        }
        return out;
    }

    /** The cluster's tables as a catalog, noting every table the query looked up (a join's tables). */
    private Catalog recording(Target t, Set<String> used) {
        ClusterIndex.Snapshot snap = index.snapshot();
        return name -> {
            Optional<TableEntity> e = snap.table(t.key().clusterId(), name);
            e.ifPresent(x -> used.add(x.getName()));
            return e.map(schemas::of);
        };
    }

    /**
     * Per replica: in sync or not, state, the endpoint's applied seq (asked now, 2 s at most) and its lag behind the
     * table's acknowledged seq. For the cluster's owner (the web console) and operators (admin or service
     * credentials); 403 for users it is only shared with; never a token.
     */
    public ObjectNode replicaStatus(Caller caller, Target t) {
        if (!caller.isOperator() && ClusterAccess.of(caller, t.cluster()) != Access.OWNER) {
            // the owner sees the state of its own replicas (the web console shows it); sharers only use the data
            throw new ForbiddenException("owner, admin or service credentials required",
                    "replica state is for the cluster's owner and operators");
        }
        long acked = replicaSets.read(t.key()).set().ackedSeq();
        ObjectNode out = JSON.createObjectNode();
        out.put("table", t.table().getName()).put("acked_seq", acked);
        leaders.recorded(t.key()).ifPresentOrElse(l -> out.putObject("leader").put("node", l.node()).put("url", l.url())
                .put("term", l.term()), () -> out.putNull("leader"));
        var list = out.putArray("endpoints");
        for (Replica r : index.snapshot().replicas(t.key())) {
            EndpointClient.Reply p = endpoints.get(r, "/replication/" + t.table().getName() + "/position",
                    java.time.Duration.ofSeconds(2)).join();
            ObjectNode row = list.addObject().put("endpoint", r.endpointId()).put("name", r.name()).put("path", r.path())
                    .put("database", r.db()).put("in_sync", r.inSync()).put("state", r.state());
            if (p.ok()) {
                long applied = p.json().path("applied_seq").asLong();
                row.put("applied_seq", applied).put("term", p.json().path("term").asLong())
                        .put("lag", Math.max(0, acked - applied));
            } else {
                row.putNull("applied_seq").put("reachable", false).put("error", p.toString());
            }
            row.put("failed_reads", reader.failures(r.endpointId()));
        }
        return out;
    }

    // ------------------------------------------------------------------ writes

    /**
     * Validates the write against the table (400 before anything is queued) and has the table's leader apply it.
     * {@code forward} sends the client's request to another node when that node leads the table.
     */
    public WriteOutcome write(Caller caller, Target t, String action, String key, JsonNode body, String idempotencyKey,
                              boolean forwarded, Function<String, LeaderForwarder.Answer> forward) {
        validate(t, action, key, body);
        String scoped = null;
        if (idempotencyKey != null) {
            if (!IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
                throw new BadRequestException("invalid Idempotency-Key", "1-128 printable ASCII characters");
            }
            scoped = t.key() + "|" + (caller == null ? "node" : caller.id()) + "|" + idempotencyKey;
        }
        return writes.write(t.key(), new WriteOp(action, key, body, scoped), forwarded, forward);
    }

    private void validate(Target t, String action, String key, JsonNode body) {
        Catalog catalog = recording(t, new LinkedHashSet<>());
        switch (action) {
            case ReplicatedOp.INSERT -> {
                if (body != null && body.isArray()) {
                    if (body.isEmpty()) throw new BadRequestException("empty insert", "the array holds no rows");
                    if (body.size() > MAX_BULK_ROWS) {
                        throw new BadRequestException("too many rows", "at most " + MAX_BULK_ROWS + " rows per request");
                    }
                    int i = 0;
                    for (JsonNode row : body) {
                        if (!row.isObject()) throw new BadRequestException("row " + i + " is not a JSON object");
                        VALIDATOR.insert(t.schema(), (ObjectNode) row);
                        i++;
                    }
                } else if (body != null && body.isObject()) {
                    VALIDATOR.insert(t.schema(), (ObjectNode) body);
                } else {
                    throw new BadRequestException("insert body must be a JSON object or an array of objects");
                }
            }
            case ReplicatedOp.UPDATE -> VALIDATOR.update(t.schema(), catalog, body);
            case ReplicatedOp.DELETE -> VALIDATOR.delete(t.schema(), catalog, body);
            case ReplicatedOp.UPDATE_KEY -> VALIDATOR.updateByKey(t.schema(), key, body);
            case ReplicatedOp.DELETE_KEY -> VALIDATOR.deleteByKey(t.schema(), key);
            default -> throw new IllegalArgumentException("unknown action " + action);
        }
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
