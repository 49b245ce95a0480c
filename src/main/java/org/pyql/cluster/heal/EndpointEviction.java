package org.pyql.cluster.heal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.auth.Caller;
import org.pyql.cluster.Access;
import org.pyql.cluster.ClusterTables;
import org.pyql.cluster.route.EndpointIds;
import org.pyql.cluster.route.TableKey;
import org.pyql.cluster.write.ReplicaSet;
import org.pyql.cluster.write.ReplicaSetStore;
import org.pyql.coordination.ClusterStateService;
import org.pyql.coordination.StateKind;
import org.pyql.error.ConflictException;
import org.pyql.error.ForbiddenException;
import org.pyql.error.NotFoundException;
import org.pyql.state.ClusterEntity;
import org.pyql.state.EndpointEntity;
import org.pyql.state.ReplicaEntity;
import org.pyql.state.TableEntity;

/**
 * Removes a stale or dead endpoint from its data cluster: its replica drops out of every table's replica set (by
 * compare-and-set, like a join; the table's sequencer takes the smaller set on its next commit), its durable replica
 * rows and its endpoint row go. Refused (409) while it is the only in-sync replica of a table: its rows would be the
 * only copy of acknowledged writes. An evicted endpoint that comes back joins again as a new replica (snapshot).
 * Admins call it ({@code DELETE /cluster/{c}/endpoint/{id}}); the health checker calls it for an endpoint missing
 * longer than {@code PYQL_ENDPOINT_EVICT_AFTER_SECONDS}.
 */
@ApplicationScoped
public class EndpointEviction {
    private static final Logger LOG = Logger.getLogger(EndpointEviction.class.getName());
    static final java.time.Duration PROBE_TIMEOUT = java.time.Duration.ofSeconds(3);

    /** What an eviction removed: the endpoint (database uuid), its name and the tables it was a replica of. */
    public record Evicted(String id, String name, List<String> tables) {
    }

    @Inject
    private ClusterTables tables;
    @Inject
    private ClusterStateService state;
    @Inject
    private ReplicaSetStore store;

    /** The admin call: cluster {@code clusterName} (of {@code ownerName} when ambiguous), endpoint {@code dbUuid}. */
    public Evicted evict(Caller caller, String clusterName, String ownerName, String dbUuid) {
        if (!caller.isAdmin()) throw new ForbiddenException("evicting an endpoint needs an admin");
        ClusterEntity c = tables.cluster(caller, clusterName, ownerName, Access.OWNER);
        Evicted e = remove(c.getId(), dbUuid);
        LOG.warning(() -> "endpoint " + e.name() + " (" + dbUuid + ") evicted from cluster " + c.getName() + " by admin "
                + caller.username() + "; it was a replica of " + e.tables());
        return e;
    }

    /**
     * The health checker's probe of an out-of-sync replica's endpoint (when eviction is on): an answer clears its
     * count, silence for the whole threshold evicts it (refusals are logged, the count goes on). True when evicted.
     */
    boolean probe(TableKey key, String dbUuid, ReplicaCalls calls, MissingEndpoints missing,
               org.pyql.cluster.route.ClusterIndex index) {
        var r = index.snapshot().replica(key.clusterId(), dbUuid, false, ReplicaSet.LOADED);
        if (r.isEmpty()) return false;
        String who = key.clusterId() + "/" + dbUuid;
        try {
            calls.position(r.get(), PROBE_TIMEOUT);
            missing.answered(who);
            return false;
        } catch (RuntimeException noAnswer) {
            if (noAnswer instanceof ReplicaCalls.EndpointProblem p && p.status > 0) {
                missing.answered(who);   // it answered, with an error: alive (healing deals with the rest)
                return false;
            }
        }
        long now = System.currentTimeMillis();
        if (!missing.missed(who, now)) return false;
        long secs = missing.missingFor(who, now) / 1000;
        try {
            Evicted e = remove(key.clusterId(), dbUuid);
            missing.forget(who);
            LOG.warning(() -> "endpoint " + e.name() + " (" + dbUuid + ") answered nothing for " + secs + " s: evicted "
                    + "from its cluster (PYQL_ENDPOINT_EVICT_AFTER_SECONDS); it was a replica of " + e.tables());
            return true;
        } catch (NotFoundException gone) {
            missing.forget(who);
            return true;
        } catch (RuntimeException refused) {
            LOG.warning(() -> "endpoint " + dbUuid + " has been missing " + secs + " s but is not evicted: "
                    + refused.getMessage());
            return false;
        }
    }

    /** Removes the endpoint; {@link NotFoundException} when it is not in the cluster, {@link ConflictException} when refused. */
    Evicted remove(String clusterId, String dbUuid) {
        EndpointEntity ep = state.get(StateKind.ENDPOINTS, EndpointIds.of(clusterId, dbUuid))
                .orElseThrow(() -> new NotFoundException("endpoint " + dbUuid + " is not in the cluster"));
        Map<TableKey, ReplicaSet> sets = new LinkedHashMap<>();
        for (TableEntity t : state.list(StateKind.TABLES, x -> x.getClusterId().equals(clusterId))) {
            TableKey key = new TableKey(clusterId, t.getName());
            ReplicaSet s = store.read(key).set();
            if (!s.replicas().containsKey(dbUuid)) continue;
            refuseSoleInSync(key, s, dbUuid);
            sets.put(key, s);
        }
        List<String> from = new ArrayList<>();
        for (TableKey key : sets.keySet()) {
            store.update(key, s -> {
                if (!s.replicas().containsKey(dbUuid)) return s;
                refuseSoleInSync(key, s, dbUuid);
                Map<String, ReplicaSet.Member> m = new LinkedHashMap<>(s.replicas());
                m.remove(dbUuid);
                return new ReplicaSet(s.version() + 1, s.term(), s.ackedSeq(), m);
            });
            from.add(key.table());
        }
        for (ReplicaEntity r : state.list(StateKind.REPLICAS, r -> r.getClusterId().equals(clusterId)
                && r.getEndpointId().equals(dbUuid))) {
            state.delete(StateKind.REPLICAS, r);
        }
        state.delete(StateKind.ENDPOINTS, ep);
        return new Evicted(dbUuid, ep.getName(), List.copyOf(from));
    }

    private static void refuseSoleInSync(TableKey key, ReplicaSet s, String dbUuid) {
        if (s.inSync().equals(List.of(dbUuid))) {
            throw new ConflictException("endpoint " + dbUuid + " is the only in-sync replica of table " + key.table(),
                    "its rows are the only copy of the table's acknowledged writes; heal another replica first");
        }
    }
}
