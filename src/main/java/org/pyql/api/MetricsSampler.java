package org.pyql.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.cluster.route.ClusterIndex;
import org.pyql.cluster.route.Replica;
import org.pyql.cluster.route.TableKey;
import org.pyql.coordination.ClusterStateService;
import org.pyql.coordination.QuorumService;
import org.pyql.coordination.QuorumSnapshot;
import org.pyql.coordination.StateKind;
import org.pyql.endpoint.DataStore;
import org.pyql.endpoint.DataStores;
import org.pyql.metrics.PyqlMetrics;
import org.pyql.metrics.PyqlMetrics.Sample;
import org.pyql.state.ClusterEntity;
import org.pyql.state.JobEntity;
import org.pyql.state.TableEntity;

/**
 * The gauges of {@code /metrics} that describe state rather than events, read at scrape time from what the node
 * already holds in memory (the quorum snapshot, the routing index, the job rows of the state maps, the connection
 * pools): no extra CP call, nothing kept in step by the data path. A part that cannot be read now (no quorum, not a
 * cluster node) is left out of this scrape instead of failing it.
 */
@ApplicationScoped
public class MetricsSampler {
    private static final Logger LOG = Logger.getLogger(MetricsSampler.class.getName());
    private static final List<String> NONE = List.of();

    @Inject
    private PyqlMetrics metrics;
    @Inject
    private QuorumService quorum;
    @Inject
    private ClusterIndex index;
    @Inject
    private ClusterStateService state;
    @Inject
    private DataStores dataStores;

    /** Refreshes every sampled gauge, then renders everything. */
    public synchronized String scrape() {
        sampleQuorum();
        sampleReplicas();
        sampleJobs();
        samplePools();
        return metrics.scrape();
    }

    private void sampleQuorum() {
        List<Sample> inQuorum = new ArrayList<>();
        List<Sample> ready = new ArrayList<>();
        List<Sample> members = new ArrayList<>();
        List<Sample> missing = new ArrayList<>();
        if (quorum.clusterNode()) {
            QuorumSnapshot s = quorum.snapshot();
            inQuorum.add(new Sample(NONE, s.inQuorum() ? 1 : 0));
            ready.add(new Sample(NONE, s.ready() ? 1 : 0));
            members.add(new Sample(List.of("live"), s.liveNodes().size()));
            if (s.cp() != null) {
                members.add(new Sample(List.of("cp"), s.cp().members()));
                members.add(new Sample(List.of("cp_present"), s.cp().membersPresent()));
            }
            missing.add(new Sample(NONE, s.missing().size()));
        }
        metrics.sampled("pyql.quorum.in.quorum", "1 when this node reaches the CP majority", NONE, inQuorum);
        metrics.sampled("pyql.node.ready", "1 when this node is ready (what /cluster/pyql/ready and /health/ready say)",
                NONE, ready);
        metrics.sampled("pyql.quorum.members", "members this node sees: live pyql nodes, CP members, CP members present",
                List.of("kind"), members);
        metrics.sampled("pyql.quorum.missing.nodes", "registered pyql nodes that are not live members", NONE, missing);
    }

    private void sampleReplicas() {
        List<Sample> counts = new ArrayList<>();
        List<Sample> lag = new ArrayList<>();
        if (quorum.clusterNode()) {
            try {
                ClusterIndex.Snapshot snap = index.snapshot();
                for (ClusterEntity c : snap.clusters()) {
                    for (TableEntity t : snap.tables(c.getId())) {
                        int in = 0;
                        int out = 0;
                        for (Replica r : snap.replicas(new TableKey(c.getId(), t.getName()))) {
                            if (r.inSync()) in++;
                            else out++;
                            Long behind = metrics.replicaLag(c.getId(), t.getName(), r.endpointId(), r.inSync());
                            if (behind != null) {
                                lag.add(new Sample(List.of(c.getName(), c.getId(), t.getName(), r.endpointId(),
                                        r.name() == null ? "" : r.name()), behind));
                            }
                        }
                        counts.add(new Sample(List.of(c.getName(), c.getId(), t.getName(), "in_sync"), in));
                        counts.add(new Sample(List.of(c.getName(), c.getId(), t.getName(), "out_of_sync"), out));
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "replica gauges left out of this scrape", e);
            }
        }
        metrics.sampled("pyql.replicas", "replicas of each table, in sync or out of sync (from the cluster state)",
                List.of("cluster", "cluster_id", "table", "state"), counts);
        metrics.sampled("pyql.replica.lag.seqs", "seqs a replica is behind the table's acked seq (reported by the "
                        + "node that sequences the table; 0 for an in-sync replica)",
                List.of("cluster", "cluster_id", "table", "replica", "endpoint"), lag);
    }

    private void sampleJobs() {
        Map<List<String>, Integer> byStatus = new TreeMap<>((a, b) -> String.join("/", a).compareTo(String.join("/", b)));
        List<Sample> progress = new ArrayList<>();
        List<Sample> remaining = new ArrayList<>();
        if (quorum.clusterNode()) {
            try {
                for (JobEntity j : state.list(StateKind.JOBS)) {
                    String status = j.getStatus() == null ? "unknown" : j.getStatus();
                    byStatus.merge(List.of(j.getType() == null ? "" : j.getType(), status), 1, Integer::sum);
                    if (!"running".equals(status) && !"waiting".equals(status)) continue;
                    JsonNode c = JsonProvider.MAPPER.readTree(j.getConfig() == null ? "{}" : j.getConfig());
                    if (!c.has("total") || !c.has("table")) continue;
                    List<String> labels = List.of(c.path("cluster").asText(""), c.path("table").asText(""),
                            c.path("replica").asText(""), c.path("phase").asText(""));
                    long total = c.path("total").asLong(0);
                    long done = c.path("done").asLong(0);
                    progress.add(new Sample(labels, total <= 0 ? 0 : Math.min(1.0, (double) done / total)));
                    remaining.add(new Sample(labels, Math.max(0, total - done)));
                }
            } catch (RuntimeException | java.io.IOException e) {
                LOG.log(Level.FINE, "job gauges left out of this scrape", e);
            }
        }
        List<Sample> counts = new ArrayList<>();
        byStatus.forEach((k, n) -> counts.add(new Sample(k, n)));
        metrics.sampled("pyql.jobs", "jobs in the cluster state by type and status", List.of("type", "status"), counts);
        List<String> jobLabels = List.of("cluster_id", "table", "replica", "phase");
        metrics.sampled("pyql.heal.job.progress.ratio", "how far a running healing job is (done / total of its phase)",
                jobLabels, progress);
        metrics.sampled("pyql.heal.job.remaining", "units (log entries, rows) a running healing job has left",
                jobLabels, remaining);
    }

    private void samplePools() {
        List<Sample> pools = new ArrayList<>();
        for (DataStore d : dataStores.all()) {
            DataStore.PoolUsage u = d.poolUsage();
            pools.add(new Sample(List.of(d.name(), "active"), u.active()));
            pools.add(new Sample(List.of(d.name(), "idle"), u.idle()));
            pools.add(new Sample(List.of(d.name(), "pending"), u.pending()));
            pools.add(new Sample(List.of(d.name(), "max"), u.max()));
        }
        metrics.sampled("pyql.db.pool.connections", "JDBC connection pool of each local database: active, idle, "
                + "threads waiting for a connection (pending), and the pool's maximum", List.of("db", "state"), pools);
    }
}
