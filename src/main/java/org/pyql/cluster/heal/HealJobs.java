package org.pyql.cluster.heal;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.cluster.route.TableKey;
import org.pyql.coordination.ClusterStateService;
import org.pyql.coordination.StateKind;
import org.pyql.error.ConflictException;
import org.pyql.state.JobEntity;

/**
 * The durable queue of healing jobs in the cluster state ({@link StateKind#JOBS}, replicated to every node and kept in
 * their state databases). A job is reserved by a version compare-and-set on its row (queued, or waiting and due, or
 * running with a heartbeat older than {@link #STALE_MILLIS}: its worker died), so exactly one worker runs it; a
 * failed attempt waits with exponential backoff (capped at {@link #MAX_BACKOFF_MILLIS}) and after
 * {@link #MAX_ATTEMPTS} the job ends {@code failed}.
 */
@ApplicationScoped
public class HealJobs {
    private static final Logger LOG = Logger.getLogger(HealJobs.class.getName());
    static final String QUEUED = "queued";
    static final String RUNNING = "running";
    static final String WAITING = "waiting";
    static final String DONE = "done";
    static final String FAILED = "failed";
    static final long STALE_MILLIS = 30_000;
    static final long MAX_BACKOFF_MILLIS = 30_000;
    static final int MAX_ATTEMPTS = 40;
    /** A failed job of a replica still out of sync is started over after this long. */
    static final long FAILED_RESTART_MILLIS = 300_000;

    @Inject
    private ClusterStateService state;

    public Optional<JobEntity> get(String id) {
        return state.get(StateKind.JOBS, id).filter(j -> HealJob.ACTION.equals(j.getAction()));
    }

    public List<JobEntity> ofCluster(String clusterId) {
        return state.list(StateKind.JOBS, j -> HealJob.ACTION.equals(j.getAction())
                && clusterId.equals(HealJob.of(j).cluster()));
    }

    /** The replica's job, queued anew when there is none or the last one finished. */
    JobEntity ensureQueued(TableKey key, String replica) {
        String id = HealJob.id(key, replica);
        Optional<JobEntity> current = state.get(StateKind.JOBS, id);
        if (current.isEmpty()) {
            JobEntity e = new JobEntity(id, "heal " + key + " on " + replica, HealJob.TYPE, HealJob.ACTION,
                    HealJob.fresh(key, replica).text());
            try {
                JobEntity made = state.create(StateKind.JOBS, e);
                LOG.info(() -> "queued healing job " + id + " for replica " + replica + " of " + key);
                return made;
            } catch (ConflictException raced) {
                return state.get(StateKind.JOBS, id).orElseThrow(() -> raced);
            }
        }
        JobEntity j = current.get();
        boolean restart = DONE.equals(j.getStatus())
                || FAILED.equals(j.getStatus()) && System.currentTimeMillis() - j.getUpdatedAt() > FAILED_RESTART_MILLIS;
        if (!restart) return j;
        j.setStatus(QUEUED);
        j.setNode(null);
        j.setLastError(null);
        j.setConfig(HealJob.of(j).restarted().text());
        try {
            JobEntity q = state.update(StateKind.JOBS, j);
            LOG.info(() -> "queued healing job " + id + " again for replica " + replica + " of " + key);
            return q;
        } catch (ConflictException raced) {
            return state.get(StateKind.JOBS, id).orElse(j);
        }
    }

    /** Whether a worker may take the job now. */
    static boolean reservable(JobEntity j, long now) {
        return switch (j.getStatus()) {
            case QUEUED -> true;
            case WAITING -> HealJob.of(j).nextAttemptAt() <= now;
            case RUNNING -> now - Math.max(HealJob.of(j).heartbeatAt(), j.getUpdatedAt()) > STALE_MILLIS;
            default -> false;
        };
    }

    /** Reserves the job for {@code node} by compare-and-set on its version; empty when another worker won. */
    Optional<JobEntity> reserve(JobEntity j, String node) {
        long now = System.currentTimeMillis();
        if (!reservable(j, now)) return Optional.empty();
        boolean takeover = RUNNING.equals(j.getStatus());
        String previous = j.getNode();
        j.setStatus(RUNNING);
        j.setNode(node);
        j.setStartTime(now);
        j.setConfig(HealJob.of(j).heartbeat(now).text());
        try {
            JobEntity r = state.update(StateKind.JOBS, j);
            if (takeover) LOG.warning(() -> "took over healing job " + j.getId() + " from node " + previous);
            return Optional.of(r);
        } catch (ConflictException lost) {
            return Optional.empty();
        }
    }

    /** Changes the job's carried state while this node runs it (progress, method). */
    void progress(String id, UnaryOperator<HealJob> change) {
        try {
            state.modify(StateKind.JOBS, id, j -> j.setConfig(change.apply(HealJob.of(j)).text()));
        } catch (RuntimeException e) {
            LOG.fine(() -> "progress of healing job " + id + " not stored: " + e);
        }
    }

    void finished(String id, String result) {
        state.modify(StateKind.JOBS, id, j -> {
            j.setStatus(DONE);
            j.setLastError(null);
            HealJob h = HealJob.of(j);
            j.setConfig(new HealJob(h.cluster(), h.table(), h.replica(), h.method(), "done", Math.max(h.done(), h.total()),
                    Math.max(h.done(), h.total()), 100.0, h.rate(), h.attempts() + 1, 0, System.currentTimeMillis(),
                    result, h.donor()).text());
        });
    }

    /** A failed attempt: waiting with backoff, or failed for good after {@link #MAX_ATTEMPTS}. */
    void failedAttempt(String id, String error) {
        state.modify(StateKind.JOBS, id, j -> {
            HealJob h = HealJob.of(j);
            int attempts = h.attempts() + 1;
            long backoff = Math.min(MAX_BACKOFF_MILLIS, 500L << Math.min(attempts, 10));
            j.setStatus(attempts >= MAX_ATTEMPTS ? FAILED : WAITING);
            j.setLastError(error);
            j.setConfig(h.attempted(System.currentTimeMillis() + backoff, null).text());
        });
    }
}
