package org.pyql.cluster.join;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.cluster.route.EndpointIds;
import org.pyql.cluster.route.TableKey;
import org.pyql.cluster.write.ReplicaSet;
import org.pyql.cluster.write.ReplicaSetStore;
import org.pyql.cluster.write.WriteOp;
import org.pyql.cluster.write.WriteOutcome;
import org.pyql.cluster.write.WriteService;
import org.pyql.coordination.ClusterStateService;
import org.pyql.coordination.StateKind;
import org.pyql.error.BadRequestException;
import org.pyql.error.ConflictException;
import org.pyql.query.TableDefinitions;
import org.pyql.query.TableSchema;
import org.pyql.replication.ReplicatedOp;
import org.pyql.state.ClusterEntity;
import org.pyql.state.EndpointEntity;
import org.pyql.state.ReplicaEntity;
import org.pyql.state.TableEntity;

/**
 * {@code POST /cluster/{c}/table/create}: a table created on every endpoint of the cluster, as seq 1 of the new table
 * (schema changes travel through the same sequencer as data). Every endpoint starts as an in-sync replica of the new,
 * empty table; one that fails the create is marked out of sync like for any write. When no endpoint created it, the
 * table is removed from the cluster again and the error returned.
 */
@ApplicationScoped
public class TableCreation {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    private ClusterStateService state;
    @Inject
    private ReplicaSetStore replicaSets;
    @Inject
    private WriteService writes;

    public record Created(int status, ObjectNode body) {
    }

    public Created create(ClusterEntity cluster, JsonNode body, String pathTable) {
        List<TableSchema> defs = TableDefinitions.parse(body);
        if (pathTable != null && (defs.size() != 1 || !defs.get(0).name().equals(pathTable))) {
            throw new BadRequestException("body does not define table " + pathTable,
                    "POST /cluster/{c}/table/" + pathTable + "/create takes exactly that table's config");
        }
        for (TableSchema t : defs) {
            if (state.get(StateKind.TABLES, EndpointJoin.tableId(cluster, t.name())).isPresent()) {
                throw new ConflictException("table " + t.name() + " already exists in cluster " + cluster.getName());
            }
            for (var fk : t.foreignKeys()) {
                boolean known = defs.stream().anyMatch(d -> d.name().equals(fk.refTable()))
                        || state.get(StateKind.TABLES, EndpointJoin.tableId(cluster, fk.refTable())).isPresent();
                if (!known) {
                    throw new BadRequestException("foreign key " + t.name() + "." + fk.column()
                            + " references unknown table " + fk.refTable());
                }
            }
        }
        Map<String, java.util.Set<String>> existing = new java.util.HashMap<>();
        for (TableEntity e : state.list(StateKind.TABLES, x -> x.getClusterId().equals(cluster.getId()))) {
            existing.put(e.getName(), TableDefinitions.uniqueColumns(
                    org.pyql.cluster.route.TableSchemas.parse(e.getName(), e.getConfig())));
        }
        TableDefinitions.checkForeignKeyTargets(defs, existing);   // 400 before any endpoint is asked
        List<EndpointEntity> eps = state.list(StateKind.ENDPOINTS, e -> e.getClusterId().equals(cluster.getId()));
        if (eps.isEmpty()) {
            throw new ConflictException("cluster " + cluster.getName() + " has no endpoints",
                    "join a data endpoint first (POST /cluster/" + cluster.getName() + "/join)");
        }
        ObjectNode results = JSON.createObjectNode();
        List<String> created = new ArrayList<>();
        for (TableSchema t : defs) {
            WriteOutcome o = createOne(cluster, t, eps);
            results.set(t.name(), o.body());
            if (o.status() != 200) {
                ObjectNode err = o.body().deepCopy();
                if (!created.isEmpty()) err.put("created_before", String.join(", ", created));
                return new Created(o.status(), err);
            }
            created.add(t.name());
        }
        // one table: the answer of its write (per-replica outcomes, seq); several: each table's answer by name
        ObjectNode out = created.size() == 1 ? ((ObjectNode) results.get(created.get(0))).deepCopy()
                : JSON.createObjectNode();
        if (created.size() > 1) {
            out.put("message", "table " + String.join(", ", created) + " created successfully");
            out.put("consistency", true);
            out.set("results", results);
        }
        var names = out.putArray("tables");
        created.forEach(names::add);
        return new Created(200, out);
    }

    private WriteOutcome createOne(ClusterEntity cluster, TableSchema t, List<EndpointEntity> eps) {
        JsonNode config = TableDefinitions.toConfig(t);
        TableEntity table = new TableEntity(EndpointJoin.tableId(cluster, t.name()), cluster.getId(), t.name(),
                config.toString(), true);
        state.create(StateKind.TABLES, table);
        TableKey key = new TableKey(cluster.getId(), t.name());
        Map<String, ReplicaSet.Member> members = new LinkedHashMap<>();
        for (EndpointEntity e : eps) members.put(EndpointIds.dbUuid(e.getId()), new ReplicaSet.Member(true, ReplicaSet.LOADED));
        replicaSets.update(key, s -> new ReplicaSet(s.version() + 1, s.term(), s.ackedSeq(), members));
        ObjectNode def = JSON.createObjectNode();
        def.set(t.name(), config);
        // a new table has no leader yet: this node sequences its first write itself
        WriteOutcome o = writes.write(key, new WriteOp(ReplicatedOp.CREATE, null, def, null), true, url -> null);
        if (o.status() != 200) undo(table, key);
        return o.notLeader() ? new WriteOutcome(503, JSON.createObjectNode().put("error", "table is being created "
                + "by another node").put("detail", "try again"), false, null) : o;
    }

    private void undo(TableEntity table, TableKey key) {
        state.get(StateKind.TABLES, table.getId()).ifPresent(t -> state.delete(StateKind.TABLES, t));
        for (ReplicaEntity r : state.list(StateKind.REPLICAS,
                r -> r.getClusterId().equals(key.clusterId()) && r.getTableName().equals(key.table()))) {
            state.delete(StateKind.REPLICAS, r);
        }
        replicaSets.update(key, s -> new ReplicaSet(s.version() + 1, s.term(), s.ackedSeq(), Map.of()));
    }
}
