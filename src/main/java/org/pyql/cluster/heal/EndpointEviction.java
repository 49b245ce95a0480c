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
 * only copy of acknowledged writes; with {@code force} (an admin who knows the endpoint is gone for good) that table is
 * left with no replica in sync and its acked seq cleared, and {@link AllOutOfSync} recovers it from the most advanced
 * remaining replica (highest applied seq, then term; Galera's bootstrap from the most advanced node): writes only that
 * endpoint held are lost, which the answer and the log say. An evicted endpoint that comes back joins again as a new
 * replica (snapshot).
 * Admins call it ({@code DELETE /cluster/{c}/endpoint/{id}}); the health checker calls it for an endpoint missing
 * longer than {@code PYQL_ENDPOINT_EVICT_AFTER_SECONDS}.
 */
@ApplicationScoped
public class EndpointEviction {
    private static final Logger LOG = Logger.getLogger(EndpointEviction.class.getName());
    static final java.time.Duration PROBE_TIMEOUT = java.time.Duration.ofSeconds(3);

    /**
     * What an eviction removed: the endpoint (database uuid), its name, the tables it was a replica of, and those of
     * which it was the only in-sync replica (forced: they recover from the most advanced remaining replica).
     */
    public record Evicted(String id, String name, List<String> tables, List<String> forced) {
    }

    @Inject
    private ClusterTables tables;
    @Inject
    private ClusterStateService state;
    @Inject
    private ReplicaSetStore store;

    /** The admin call: cluster {@code clusterName} (of {@code ownerName} when ambiguous), endpoint {@code dbUuid}. */
    public Evicted evict(Caller caller, String clusterName, String ownerName, String dbUuid, boolean force) {
        if (!caller.isAdmin()) throw new ForbiddenException("evicting an endpoint needs an admin");
        ClusterEntity c = tables.cluster(caller, clusterName, ownerName, Access.OWNER);
        Evicted e = remove(c.getId(), dbUuid, force);
        LOG.warning(() -> "endpoint " + e.name() + " (" + dbUuid + ") evicted from cluster " + c.getName() + " by admin "
                + caller.username() + "; it was a replica of " + e.tables() + (e.forced().isEmpty() ? ""
                : "; forced: it was the only in-sync replica of " + e.forced() + ", which recover from their most "
                + "advanced remaining replica (writes only it held are lost)"));
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
            Evicted e = remove(key.clusterId(), dbUuid, false);
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
    Evicted remove(String clusterId, String dbUuid, boolean force) {
        EndpointEntity ep = state.get(StateKind.ENDPOINTS, EndpointIds.of(clusterId, dbUuid))
                .orElseThrow(() -> new NotFoundException("endpoint " + dbUuid + " is not in the cluster"));
        List<TableKey> keys = new ArrayList<>();
        for (TableEntity t : state.list(StateKind.TABLES, x -> x.getClusterId().equals(clusterId))) {
            TableKey key = new TableKey(clusterId, t.getName());
            ReplicaSet s = store.read(key).set();
            if (!s.replicas().containsKey(dbUuid)) continue;
            if (!force) refuseSoleInSync(key, s, dbUuid);
            keys.add(key);
        }
        List<String> from = new ArrayList<>();
        List<String> forced = new ArrayList<>();
        for (TableKey key : keys) {
            boolean[] sole = {false};
            store.update(key, s -> {
                sole[0] = false;
                if (!s.replicas().containsKey(dbUuid)) return s;
                if (!force) refuseSoleInSync(key, s, dbUuid);
                sole[0] = s.inSync().equals(List.of(dbUuid));
                Map<String, ReplicaSet.Member> m = new LinkedHashMap<>(s.replicas());
                m.remove(dbUuid);
                // no replica in sync any more: the acked seq was only that endpoint's; recovery starts from the best left
                return new ReplicaSet(s.version() + 1, s.term(), sole[0] ? 0 : s.ackedSeq(), m);
            });
            from.add(key.table());
            if (sole[0]) forced.add(key.table());
        }
        for (ReplicaEntity r : state.list(StateKind.REPLICAS, r -> r.getClusterId().equals(clusterId)
                && r.getEndpointId().equals(dbUuid))) {
            state.delete(StateKind.REPLICAS, r);
        }
        state.delete(StateKind.ENDPOINTS, ep);
        return new Evicted(dbUuid, ep.getName(), List.copyOf(from), List.copyOf(forced));
    }

    private static void refuseSoleInSync(TableKey key, ReplicaSet s, String dbUuid) {
        if (s.inSync().equals(List.of(dbUuid))) {
            throw new ConflictException("endpoint " + dbUuid + " is the only in-sync replica of table " + key.table(),
                    "its rows are the only copy of the table's acknowledged writes; heal another replica first, or add "
                            + "?force=true if the endpoint is gone for good (the table then recovers from its most "
                            + "advanced remaining replica and loses the writes only this one held)");
        }
    }
}
