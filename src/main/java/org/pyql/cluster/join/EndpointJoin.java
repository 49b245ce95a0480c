package org.pyql.cluster.join;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.cluster.route.EndpointClient;
import org.pyql.cluster.route.EndpointIds;
import org.pyql.cluster.route.Replica;
import org.pyql.cluster.route.TableKey;
import org.pyql.cluster.write.ReplicaSet;
import org.pyql.cluster.write.ReplicaSetStore;
import org.pyql.coordination.ClusterStateService;
import org.pyql.coordination.StateKind;
import org.pyql.error.ConflictException;
import org.pyql.error.UnavailableException;
import org.pyql.query.TableDefinitions;
import org.pyql.query.TableSchema;
import org.pyql.replication.ReplicaClaim;
import org.pyql.replication.ReplicaPosition;
import org.pyql.state.ClusterEntity;
import org.pyql.state.EndpointEntity;
import org.pyql.state.TableEntity;

/**
 * Wires a joining endpoint database into a data cluster. The endpoint row is added (or its path and token updated on
 * a re-join). Each table the joiner brings that the cluster lacks is claimed on the joiner (from then on the endpoint
 * refuses direct {@code /db} writes to it) and added with the joiner as its one in-sync replica, at the joiner's
 * position. Every other pairing of the cluster's tables and endpoints that has no replica yet becomes a {@code new},
 * out-of-sync replica: it serves no reads and gets no writes until healing has filled it (a table the cluster already
 * has is never overwritten by a joiner's copy).
 */
@ApplicationScoped
public class EndpointJoin {
    private static final Logger LOG = Logger.getLogger(EndpointJoin.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(5);

    @Inject
    private ClusterStateService state;
    @Inject
    private ReplicaSetStore replicaSets;
    @Inject
    private EndpointClient client;

    /** The tables the joiner added to the cluster. */
    public List<String> wire(ClusterEntity cluster, JoinRequest r) {
        for (EndpointEntity other : state.list(StateKind.ENDPOINTS,
                e -> EndpointIds.dbUuid(e.getId()).equals(r.dbUuid()) && !e.getClusterId().equals(cluster.getId()))) {
            ClusterEntity owner = state.get(StateKind.CLUSTERS, other.getClusterId()).orElse(null);
            if (owner != null && !owner.getOwner().equals(cluster.getOwner())) {
                throw new ConflictException("endpoint " + r.dbUuid() + " belongs to another cluster",
                        "a database joins clusters of one owner only");
            }
        }
        EndpointEntity fresh = new EndpointEntity(EndpointIds.of(cluster.getId(), r.dbUuid()), cluster.getId(), r.dbName(),
                r.path(), r.token());
        fresh.setName(r.name());
        state.upsert(StateKind.ENDPOINTS, fresh, e -> {
            e.setName(r.name());
            e.setPath(r.path());
            e.setToken(r.token());
        });
        Replica joiner = new Replica(r.dbUuid(), r.name(), r.path(), r.dbName(), r.token(), false, ReplicaSet.NEW);
        List<String> added = new java.util.ArrayList<>();
        for (Map.Entry<String, TableSchema> t : r.tables().entrySet()) {
            if (state.get(StateKind.TABLES, tableId(cluster, t.getKey())).isPresent()) continue;
            ReplicaPosition pos = claim(joiner, cluster, t.getKey());
            TableEntity table = new TableEntity(tableId(cluster, t.getKey()), cluster.getId(), t.getKey(),
                    TableDefinitions.toConfig(t.getValue()).toString(), true);
            try {
                state.create(StateKind.TABLES, table);
            } catch (ConflictException race) {
                continue; // another endpoint added the same table a moment earlier: this one joins it as a new replica
            }
            replicaSets.update(new TableKey(cluster.getId(), t.getKey()), s -> new ReplicaSet(s.version() + 1,
                    Math.max(s.term(), pos.term()), pos.appliedSeq(),
                    Map.of(r.dbUuid(), new ReplicaSet.Member(true, ReplicaSet.LOADED))));
            added.add(t.getKey());
            LOG.info(() -> "table " + t.getKey() + " joined cluster " + cluster.getName() + " from endpoint " + r.name()
                    + " at seq " + pos.appliedSeq());
        }
        addMissingReplicas(cluster);
        return added;
    }

    /** Every (table, endpoint) pair of the cluster without a replica gets one: new and out of sync. */
    public void addMissingReplicas(ClusterEntity cluster) {
        List<EndpointEntity> eps = state.list(StateKind.ENDPOINTS, e -> e.getClusterId().equals(cluster.getId()));
        for (TableEntity t : state.list(StateKind.TABLES, x -> x.getClusterId().equals(cluster.getId()))) {
            TableKey key = new TableKey(cluster.getId(), t.getName());
            replicaSets.update(key, s -> {
                ReplicaSet next = s;
                for (EndpointEntity e : eps) {
                    String id = EndpointIds.dbUuid(e.getId());
                    if (!next.replicas().containsKey(id)) {
                        next = next.withMember(id, new ReplicaSet.Member(false, ReplicaSet.NEW));
                    }
                }
                return next;
            });
        }
    }

    private ReplicaPosition claim(Replica joiner, ClusterEntity cluster, String table) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(new ReplicaClaim(cluster.getId(), cluster.getName()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        EndpointClient.Reply reply = client.send(joiner, "PUT", "/replication/" + table, body, null, CLAIM_TIMEOUT).join();
        if (reply.ok()) {
            try {
                return JSON.readValue(reply.body(), ReplicaPosition.class);
            } catch (java.io.IOException e) {
                throw new UnavailableException("endpoint answered an unreadable claim", e.getMessage());
            }
        }
        if (reply.answered() && reply.status() == 409) {
            throw new ConflictException("table " + table + " of endpoint " + joiner.name() + " belongs to another cluster",
                    reply.json().path("error").asText(""));
        }
        throw new UnavailableException("cannot claim table " + table + " on the joining endpoint",
                "PUT " + joiner.path() + "/db/" + joiner.db() + "/replication/" + table + ": " + reply);
    }

    public static String tableId(ClusterEntity cluster, String table) {
        return cluster.getId() + "/" + table;
    }
}
