package org.pyql.cluster.heal;

import java.util.logging.Logger;

import org.pyql.cluster.route.ClusterIndex;
import org.pyql.cluster.route.EndpointClient;
import org.pyql.cluster.write.ReplicaSetStore;
import org.pyql.cluster.write.Sequencers;
import org.pyql.state.JobEntity;

/**
 * One attempt of one reserved healing job: catch-up by replay, or the snapshot copy when the log cannot cover the
 * gap, then the cutover; the job row records progress while it runs and the outcome (done, or the error and the
 * next attempt's time).
 */
final class HealRun {
    private static final Logger LOG = Logger.getLogger(HealRun.class.getName());

    private final JobEntity job;
    private final HealJobs jobs;
    private final ReplicaSetStore store;
    private final ClusterIndex index;
    private final Sequencers sequencers;
    private final EndpointClient client;
    private final SnapshotCopy snapshots;

    HealRun(JobEntity job, HealJobs jobs, ReplicaSetStore store, ClusterIndex index, Sequencers sequencers,
            EndpointClient client, SnapshotCopy snapshots) {
        this.job = job;
        this.jobs = jobs;
        this.store = store;
        this.index = index;
        this.sequencers = sequencers;
        this.client = client;
        this.snapshots = snapshots;
    }

    void run() {
        HealJob h = HealJob.of(job);
        String what = "healing " + h.key() + " on " + h.replica();
        Progress progress = new Progress(what, r -> jobs.progress(job.getId(), j -> j.withProgress(r,
                System.currentTimeMillis())));
        ReplicaCalls calls = new ReplicaCalls(client, h.key());
        ReplicaHealing healing = new ReplicaHealing(h.key(), h.replica(), store, index, sequencers, calls, progress);
        ReplicaHealing.Attempt a;
        try {
            a = healing.run();
            if (a.outcome() == ReplicaHealing.Outcome.NEEDS_SNAPSHOT) {
                String why = a.detail();
                LOG.info(() -> what + ": snapshot (" + why + ")");
                jobs.progress(job.getId(), j -> j.withMethod("snapshot"));
                a = snapshots.copy(h.key(), h.replica(), calls, progress, why);
                if (a.outcome() == ReplicaHealing.Outcome.COPIED) {
                    String copied = a.detail();
                    a = healing.run();   // the tail, then the cutover
                    if (a.outcome() == ReplicaHealing.Outcome.IN_SYNC) {
                        a = new ReplicaHealing.Attempt(a.outcome(), copied + "; " + a.detail());
                    }
                }
            }
        } catch (RuntimeException e) {
            a = new ReplicaHealing.Attempt(ReplicaHealing.Outcome.RETRY, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (a.outcome() == ReplicaHealing.Outcome.IN_SYNC) {
            progress.finish();
            jobs.finished(job.getId(), a.detail());
            String d = a.detail();
            LOG.info(() -> what + ": done, " + d);
        } else {
            String d = a.detail();
            LOG.info(() -> what + ": attempt failed, retrying later: " + d);
            jobs.failedAttempt(job.getId(), d);
        }
    }
}
