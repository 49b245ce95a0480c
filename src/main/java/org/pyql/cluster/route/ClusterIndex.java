package org.pyql.cluster.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.coordination.ClusterStateService;
import org.pyql.coordination.StateKind;
import org.pyql.state.ClusterEntity;
import org.pyql.state.EndpointEntity;
import org.pyql.state.ReplicaEntity;
import org.pyql.state.TableEntity;

/**
 * The data clusters, their endpoints, tables and replicas as one immutable snapshot, rebuilt only when the state
 * changed (the generation counters of {@link ClusterStateService} move on every local write and map event). Requests
 * read the snapshot through one reference: no map scan, no JSON parsing per request.
 */
@ApplicationScoped
public class ClusterIndex {
    private static final List<StateKind<?>> WATCHED = List.of(StateKind.CLUSTERS, StateKind.ENDPOINTS,
            StateKind.TABLES, StateKind.REPLICAS);

    @Inject
    private ClusterStateService state;

    private final AtomicReference<Snapshot> current = new AtomicReference<>();

    /** The index at one point in time. */
    public record Snapshot(long[] generations, List<ClusterEntity> clusters, Map<String, List<EndpointEntity>> endpoints,
                           Map<String, Map<String, TableEntity>> tables, Map<TableKey, List<Replica>> replicas) {
        public Optional<TableEntity> table(String clusterId, String name) {
            return Optional.ofNullable(tables.getOrDefault(clusterId, Map.of()).get(name));
        }

        public List<TableEntity> tables(String clusterId) {
            return tables.getOrDefault(clusterId, Map.of()).values().stream()
                    .sorted(Comparator.comparing(TableEntity::getName)).toList();
        }

        public List<EndpointEntity> endpoints(String clusterId) {
            return endpoints.getOrDefault(clusterId, List.of());
        }

        /** Every replica of the table (in sync or not), by endpoint id. */
        public List<Replica> replicas(TableKey key) {
            return replicas.getOrDefault(key, List.of());
        }

        /** The endpoint with database {@code dbUuid} in the cluster, as a replica with the given flags. */
        public Optional<Replica> replica(String clusterId, String dbUuid, boolean inSync, String state) {
            for (EndpointEntity e : endpoints(clusterId)) {
                if (EndpointIds.dbUuid(e.getId()).equals(dbUuid)) {
                    return Optional.of(new Replica(dbUuid, e.getName(), e.getPath(), e.getDbName(), e.getToken(), inSync,
                            state));
                }
            }
            return Optional.empty();
        }

        public List<Replica> inSync(TableKey key) {
            return replicas(key).stream().filter(Replica::inSync).toList();
        }
    }

    public Snapshot snapshot() {
        long[] now = generations();
        Snapshot s = current.get();
        if (s != null && java.util.Arrays.equals(s.generations(), now)) return s;
        Snapshot fresh = build(now);
        current.set(fresh);
        return fresh;
    }

    private long[] generations() {
        long[] g = new long[WATCHED.size()];
        for (int i = 0; i < g.length; i++) g[i] = state.generation(WATCHED.get(i));
        return g;
    }

    private Snapshot build(long[] generations) {
        List<ClusterEntity> clusters = state.list(StateKind.CLUSTERS, c -> !"pyql".equals(c.getName()));
        Map<String, List<EndpointEntity>> endpoints = new HashMap<>();
        Map<String, EndpointEntity> endpointById = new HashMap<>();
        for (EndpointEntity e : state.list(StateKind.ENDPOINTS)) {
            endpoints.computeIfAbsent(e.getClusterId(), k -> new ArrayList<>()).add(e);
            endpointById.put(e.getId(), e);
        }
        Map<String, Map<String, TableEntity>> tables = new HashMap<>();
        for (TableEntity t : state.list(StateKind.TABLES)) {
            tables.computeIfAbsent(t.getClusterId(), k -> new HashMap<>()).put(t.getName(), t);
        }
        Map<TableKey, List<Replica>> replicas = new HashMap<>();
        for (ReplicaEntity r : state.list(StateKind.REPLICAS)) {
            EndpointEntity e = endpointById.get(EndpointIds.of(r.getClusterId(), r.getEndpointId()));
            if (e == null) continue; // the endpoint left the cluster: its replica rows are history
            replicas.computeIfAbsent(new TableKey(r.getClusterId(), r.getTableName()), k -> new ArrayList<>())
                    .add(new Replica(r.getEndpointId(), e.getName(), e.getPath(), e.getDbName(), e.getToken(),
                            r.isInSync(), r.getState()));
        }
        replicas.values().forEach(l -> l.sort(Comparator.comparing(Replica::endpointId)));
        return new Snapshot(generations, List.copyOf(clusters), Map.copyOf(endpoints), Map.copyOf(tables),
                Map.copyOf(replicas));
    }
}
