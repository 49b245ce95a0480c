package org.pyql.cluster.heal;

import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import org.pyql.cluster.route.ClusterIndex;
import org.pyql.cluster.route.Replica;
import org.pyql.cluster.route.TableKey;
import org.pyql.cluster.write.BetweenBatches;
import org.pyql.cluster.write.ReplicaSet;
import org.pyql.cluster.write.ReplicaSetStore;
import org.pyql.cluster.write.Sequencers;
import org.pyql.replication.ReplicaPosition;

/**
 * Heals one out-of-sync replica of one table, on the node that sequences it: replay the gap from an in-sync donor's
 * log while writes go on (several rounds, the gap shrinks to what arrived meanwhile), then the cutover on the table's
 * sequencer thread between two batches, so no write can slip in between: replay the last delta up to the acked seq
 * (at most {@link #CUTOVER_BUDGET_MILLIS}), check the target's position, mark it in sync by compare-and-set. A replica
 * the log cannot bring back (gap older than the donor's retention, a new replica, a diverged history) gets
 * {@link Outcome#NEEDS_SNAPSHOT}.
 */
final class ReplicaHealing {
    private static final Logger LOG = Logger.getLogger(ReplicaHealing.class.getName());
    /** Writes of the healing table wait at most about this long for the cutover. */
    static final long CUTOVER_BUDGET_MILLIS = 1_000;
    /** The cutover starts once the remaining gap is this small (a larger one is replayed first without pausing). */
    static final long CUTOVER_GAP = 200;
    static final int MAX_ROUNDS = 20;
    /** How long a healer waits for the sequencer to get to its cutover (it waits for the batch in flight). */
    static final long CUTOVER_WAIT_SECONDS = 60;

    /** IN_SYNC: done; COPIED: a snapshot was swapped in, replay and cutover come next. */
    enum Outcome { IN_SYNC, COPIED, NEEDS_SNAPSHOT, RETRY }

    /** The end of one attempt and what happened, for the job record. */
    record Attempt(Outcome outcome, String detail) {
    }

    private final TableKey key;
    private final String targetId;
    private final ReplicaSetStore store;
    private final ClusterIndex index;
    private final Sequencers sequencers;
    private final ReplicaCalls calls;
    private final Progress progress;

    ReplicaHealing(TableKey key, String targetId, ReplicaSetStore store, ClusterIndex index, Sequencers sequencers,
                   ReplicaCalls calls, Progress progress) {
        this.key = key;
        this.targetId = targetId;
        this.store = store;
        this.index = index;
        this.sequencers = sequencers;
        this.calls = calls;
        this.progress = progress;
    }

    Attempt run() {
        ReplicaSetStore.Versioned v = store.read(key);
        ReplicaSet.Member m = v.set().replicas().get(targetId);
        if (m == null) return new Attempt(Outcome.IN_SYNC, "no longer a replica of " + key);
        if (m.inSync()) return new Attempt(Outcome.IN_SYNC, "already in sync");
        Replica target = replica(targetId).orElse(null);
        if (target == null) return new Attempt(Outcome.RETRY, "endpoint of replica " + targetId + " is not in the cluster");
        if (ReplicaSet.NEW.equals(m.state())) return new Attempt(Outcome.NEEDS_SNAPSHOT, "a new replica needs a full copy");
        ReplicaPosition tp = calls.position(target);
        if (belongsElsewhere(tp)) return new Attempt(Outcome.RETRY, otherCluster(tp));
        Replica donor = null;
        ReplicaPosition dp = null;
        for (Replica candidate : donors(v.set())) {
            try {
                dp = calls.position(candidate);
                donor = candidate;
                break;
            } catch (ReplicaCalls.EndpointProblem e) {
                LOG.fine(() -> "donor candidate " + candidate + ": " + e.getMessage());
            }
        }
        if (donor == null) return new Attempt(Outcome.RETRY, "no in-sync donor answers");
        if (tp.cluster() == null) return new Attempt(Outcome.NEEDS_SNAPSHOT, "the target does not hold the table");
        if (tp.appliedSeq() > dp.appliedSeq()) {
            return new Attempt(Outcome.NEEDS_SNAPSHOT, "the target applied seq " + tp.appliedSeq() + ", beyond donor "
                    + donor + " at " + dp.appliedSeq() + ": its history diverged");
        }
        if (tp.appliedSeq() < dp.appliedSeq() && (dp.logFirstSeq() == 0 || dp.logFirstSeq() > tp.appliedSeq() + 1)) {
            return new Attempt(Outcome.NEEDS_SNAPSHOT, "donor " + donor + " log starts at seq " + dp.logFirstSeq()
                    + ", the target needs seq " + (tp.appliedSeq() + 1));
        }
        LogReplay replay = new LogReplay(calls, donor, target, v.set().term(), progress);
        if (!replay.sameHistoryAt(tp.appliedSeq())) {
            return new Attempt(Outcome.NEEDS_SNAPSHOT, "seq " + tp.appliedSeq() + " on the target differs from donor "
                    + donor + ": its history diverged");
        }
        progress.donor(donor.endpointId());
        // after a copy with nothing to replay yet the job keeps showing the copy's rows rather than 0 of 0 entries
        if (dp.appliedSeq() > tp.appliedSeq() || progress.reading().done() == 0) {
            progress.phase("replay", dp.appliedSeq() - tp.appliedSeq());
        }
        long applied = tp.appliedSeq();
        try {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                long donorAt = round == 0 ? dp.appliedSeq() : calls.position(donor).appliedSeq();
                if (donorAt - applied <= CUTOVER_GAP) break;
                LogReplay.Result r = replay.run(applied, donorAt, 0);
                if (!r.reached()) return new Attempt(r.needsSnapshot() ? Outcome.NEEDS_SNAPSHOT : Outcome.RETRY, r.stopped());
                applied = r.appliedSeq();
            }
            long from = applied;
            Replica d = donor;
            return sequencers.betweenBatches(key, current -> cutover(current, d, from))
                    .get(CUTOVER_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (LogReplay.NotCovered e) {
            return new Attempt(Outcome.NEEDS_SNAPSHOT, e.getMessage());
        } catch (java.util.concurrent.TimeoutException e) {
            return new Attempt(Outcome.RETRY, "the table's sequencer did not run the cutover within "
                    + CUTOVER_WAIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(Outcome.RETRY, "interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CompletionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            if (c instanceof LogReplay.NotCovered) return new Attempt(Outcome.NEEDS_SNAPSHOT, c.getMessage());
            return new Attempt(Outcome.RETRY, c.getClass().getSimpleName() + ": " + c.getMessage());
        }
    }

    /** On the sequencer thread: no batch in flight, {@code current.ackedSeq} is exactly what every in-sync replica has. */
    private BetweenBatches.Result<Attempt> cutover(ReplicaSetStore.Versioned current, Replica donor,
                                                   long applied) {
        long started = System.currentTimeMillis();
        // the sequencer's copy may predate a membership change (a join) it has not written since: take the register's
        // when only membership differs (same term and acked seq), the rule the sequencer's own commit follows
        ReplicaSetStore.Versioned latest = store.read(key);
        if (latest.set().term() != current.set().term() || latest.set().ackedSeq() != current.set().ackedSeq()) {
            // not by a batch of this sequencer (it is between batches): by an eviction or another leader; the
            // sequencer recovers before its next batch, and the next attempt's cutover sees the set it then holds
            return new BetweenBatches.Result<>(null, new Attempt(Outcome.RETRY, "the replica set moved on (term "
                    + latest.set().term() + ", acked " + latest.set().ackedSeq() + ")"), true);
        }
        current = latest;
        ReplicaSet set = current.set();
        ReplicaSet.Member m = set.replicas().get(targetId);
        if (m == null) return new BetweenBatches.Result<>(current, new Attempt(Outcome.IN_SYNC, "no longer a replica"));
        if (m.inSync()) return new BetweenBatches.Result<>(current, new Attempt(Outcome.IN_SYNC, "in sync already"));
        if (!set.inSync().contains(donor.endpointId())) {
            return new BetweenBatches.Result<>(current, new Attempt(Outcome.RETRY, "donor " + donor + " left the in-sync set"));
        }
        Replica target = replica(targetId).orElseThrow();
        // the leader's term now (it may have changed since the rounds before): the delta goes under it
        LogReplay replay = new LogReplay(calls, donor, target, set.term(), progress);
        LogReplay.Result r = replay.run(applied, set.ackedSeq(), started + CUTOVER_BUDGET_MILLIS);
        if (!r.reached()) {
            return new BetweenBatches.Result<>(null, new Attempt(r.needsSnapshot() ? Outcome.NEEDS_SNAPSHOT : Outcome.RETRY,
                    "cutover: " + r.stopped()));
        }
        ReplicaPosition tp = calls.position(target, LogReplay.callTimeout(started + CUTOVER_BUDGET_MILLIS));
        if (belongsElsewhere(tp)) return new BetweenBatches.Result<>(null, new Attempt(Outcome.RETRY, otherCluster(tp)));
        if (tp.appliedSeq() != set.ackedSeq()) {
            return new BetweenBatches.Result<>(null, new Attempt(Outcome.RETRY, "cutover: the target is at seq "
                    + tp.appliedSeq() + ", acked is " + set.ackedSeq()));
        }
        ReplicaSetStore.Versioned v = current;
        for (int i = 0; i < 10; i++) {
            var stored = store.replace(key, v, v.set().withMember(targetId, new ReplicaSet.Member(true, m.state())));
            if (stored.isPresent()) {
                long paused = System.currentTimeMillis() - started;
                LOG.info(() -> "replica " + targetId + " of " + key + " caught up to seq " + set.ackedSeq()
                        + " and is in sync again (writes of the table paused " + paused + " ms)");
                Progress.Reading pr = progress.reading();
                return new BetweenBatches.Result<>(stored.get(), new Attempt(Outcome.IN_SYNC, "caught up to seq "
                        + set.ackedSeq() + " by replay (" + pr.done() + " entries, " + Math.round(pr.rate())
                        + " entries/s); cutover paused writes " + paused + " ms"));
            }
            v = store.read(key);
            if (v.set().term() != set.term() || v.set().ackedSeq() != set.ackedSeq()) {
                return new BetweenBatches.Result<>(null, new Attempt(Outcome.RETRY, "the replica set moved on during "
                        + "the cutover"));
            }
        }
        return new BetweenBatches.Result<>(null, new Attempt(Outcome.RETRY, "the replica set kept changing"));
    }

    /**
     * The target's table is claimed by another data cluster: its seq and history are that cluster's, so equal numbers
     * prove nothing, and an endpoint's table has one cluster (the target refuses this cluster's batches and swaps).
     * It stays out of sync, with this reason in its job, until that table is dropped or leaves the other cluster.
     */
    private boolean belongsElsewhere(ReplicaPosition tp) {
        return tp.cluster() != null && !tp.cluster().equals(key.clusterId());
    }

    private String otherCluster(ReplicaPosition tp) {
        return "table " + key.table() + " on endpoint " + targetId + " belongs to another data cluster (" + tp.cluster()
                + "): it is not made a replica of this one";
    }

    /** The in-sync replicas that can serve as donor, in the set's order. */
    List<Replica> donors(ReplicaSet set) {
        List<Replica> out = new java.util.ArrayList<>();
        for (String id : set.inSync()) {
            if (!id.equals(targetId)) replica(id).ifPresent(out::add);
        }
        return out;
    }

    private Optional<Replica> replica(String id) {
        return index.snapshot().replica(key.clusterId(), id, false, ReplicaSet.LOADED);
    }
}
