package org.pyql.cluster.heal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.cluster.route.ClusterIndex;
import org.pyql.cluster.route.EndpointClient;
import org.pyql.cluster.route.TableKey;
import org.pyql.cluster.write.ReplicaSet;
import org.pyql.cluster.write.ReplicaSetStore;
import org.pyql.cluster.write.Sequencers;
import org.pyql.cluster.write.TableLeaders;
import org.pyql.coordination.DataPlaneCp;
import org.pyql.state.JobEntity;
import org.pyql.state.TableEntity;

/**
 * The health checker of a cluster node: every {@link #PERIOD_MILLIS} it looks at the replica sets of the tables this
 * node sequences (or that nobody sequences yet: this node then takes the lead for the healing), queues a healing job
 * for every replica out of sync (it failed, or returned, or lagged and was dropped by the sequencer), reserves due
 * jobs of those tables and runs them on a small pool. The table's leader owns its healing because the cutover runs on
 * its sequencer thread. When no replica of a table is in sync it first recovers the most advanced one
 * ({@link AllOutOfSync}).
 */
@ApplicationScoped
public class HealthChecker {
    private static final Logger LOG = Logger.getLogger(HealthChecker.class.getName());
    static final long PERIOD_MILLIS = 2_000;
    static final int WORKERS = 2;

    @Inject
    private ClusterIndex index;
    @Inject
    private ReplicaSetStore store;
    @Inject
    private Sequencers sequencers;
    @Inject
    private TableLeaders leaders;
    @Inject
    private DataPlaneCp cp;
    @Inject
    private EndpointClient client;
    @Inject
    private HealJobs jobs;
    @Inject
    private SnapshotCopy snapshots;
    @Inject
    private EndpointEviction eviction;

    private final Set<String> runningHere = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService ticker;
    private volatile ExecutorService workers;
    /** Null when eviction is off ({@code PYQL_ENDPOINT_EVICT_AFTER_SECONDS} unset or 0). */
    private volatile MissingEndpoints missing;

    /** Starts the periodic check (cluster nodes only; idempotent). */
    public synchronized void start() {
        if (ticker != null) return;
        org.pyql.config.HealSettings settings = org.pyql.config.HealSettings.load();
        if (settings.evicts()) {
            missing = new MissingEndpoints(settings.evictAfterSeconds() * 1000);
            LOG.info(() -> "endpoints missing for " + settings.evictAfterSeconds() + " s are evicted");
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "pyql-health-checker"));
        workers = Executors.newFixedThreadPool(WORKERS, r -> daemon(r, "pyql-healer"));
        ticker.scheduleWithFixedDelay(this::tick, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            if (!cp.inQuorum()) return;
            ClusterIndex.Snapshot snap = index.snapshot();
            for (Map<String, TableEntity> tables : snap.tables().values()) {
                for (TableEntity t : tables.values()) check(new TableKey(t.getClusterId(), t.getName()));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "health check round failed", e);
        }
    }

    private void check(TableKey key) {
        if (!ownsHealing(key)) return;
        ReplicaSet set;
        try {
            set = store.read(key).set();
        } catch (RuntimeException e) {
            LOG.fine(() -> "replica set of " + key + " unreadable: " + e);
            return;
        }
        if (set.replicas().isEmpty()) return;
        if (set.inSync().isEmpty()) {
            new AllOutOfSync(key, store, index, new ReplicaCalls(client, key)).recover();
            return;
        }
        long now = System.currentTimeMillis();
        MissingEndpoints m = missing;
        for (Map.Entry<String, ReplicaSet.Member> e : set.replicas().entrySet()) {
            if (e.getValue().inSync()) continue;
            if (m != null && eviction.probe(key, e.getKey(), new ReplicaCalls(client, key), m, index)) continue;
            JobEntity job = jobs.ensureQueued(key, e.getKey());
            if (runningHere.contains(job.getId()) || !HealJobs.reservable(job, now)) continue;
            jobs.reserve(job, cp.nodeId()).ifPresent(this::launch);
        }
    }

    /** This node sequences the table, or nobody does (then healing makes it the leader). */
    private boolean ownsHealing(TableKey key) {
        if (sequencers.leads(key)) return true;
        var recorded = leaders.recorded(key);
        return recorded.isEmpty() || recorded.get().node().equals(cp.nodeId());
    }

    private void launch(JobEntity job) {
        if (!runningHere.add(job.getId())) return;
        workers.submit(() -> {
            try {
                new HealRun(job, jobs, store, index, sequencers, client, snapshots).run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "healing job " + job.getId() + " failed unexpectedly", e);
                try {
                    jobs.failedAttempt(job.getId(), e.getClass().getSimpleName() + ": " + e.getMessage());
                } catch (RuntimeException ignored) {
                    // not stored: the job's heartbeat goes stale and it is reserved again
                }
            } finally {
                runningHere.remove(job.getId());
            }
        });
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @PreDestroy
    synchronized void stop() {
        if (ticker != null) ticker.shutdownNow();
        if (workers != null) workers.shutdownNow();
    }
}
