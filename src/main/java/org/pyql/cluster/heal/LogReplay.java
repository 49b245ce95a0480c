package org.pyql.cluster.heal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.pyql.cluster.route.Replica;
import org.pyql.replication.BatchResult;
import org.pyql.replication.LogEntry;
import org.pyql.replication.OpOutcome;
import org.pyql.replication.ReplicatedOp;

/**
 * Catch-up by replay (Galera's IST): the donor's log entries after the target's applied seq, in seq order, sent to
 * the target's sequenced apply in batches, the same seqs and ops. Every op must get the outcome status the donor
 * recorded; the first refusal, gap or different outcome stops the replay (nothing is skipped), and the target then
 * needs a snapshot. The batches carry the current leader term: the target refuses any term below the one it stored,
 * and the leader's term is the newest there is.
 */
final class LogReplay {
    static final int PAGE = 500;
    /** The shortest call timeout under a deadline: a call needs a moment even when the budget is nearly spent. */
    static final long MIN_CALL_MILLIS = 100;

    /** Where a replay ended: the target's applied seq, and why it stopped short of {@code to} (null when it got there). */
    record Result(long appliedSeq, String stopped, boolean needsSnapshot) {
        boolean reached() {
            return stopped == null;
        }
    }

    /** The donor no longer has the entry after {@code applied}: only a snapshot can fill the target. */
    static final class NotCovered extends RuntimeException {
        NotCovered(String why) {
            super(why);
        }
    }

    private final ReplicaCalls calls;
    private final Replica donor;
    private final Replica target;
    private final long term;
    private final Progress progress;

    LogReplay(ReplicaCalls calls, Replica donor, Replica target, long term, Progress progress) {
        this.calls = calls;
        this.donor = donor;
        this.target = target;
        this.term = term;
        this.progress = progress;
    }

    /**
     * Replays from {@code applied + 1} up to {@code to} (inclusive), or up to whatever the donor has when {@code to} is
     * {@link Long#MAX_VALUE}, stopping early at {@code deadlineMillis} (0 = none). Under a deadline every call's
     * timeout is what is left of it, so a stalled donor or target cannot hold the caller (the cutover holds the
     * table's sequencer) much past the budget.
     */
    Result run(long applied, long to, long deadlineMillis) {
        long at = applied;
        while (at < to) {
            if (deadlineMillis > 0 && System.currentTimeMillis() > deadlineMillis) {
                return new Result(at, "time budget spent at seq " + at, false);
            }
            int limit = (int) Math.min(PAGE, to - at);
            ReplicaCalls.LogPage page = calls.log(donor, at + 1, limit, callTimeout(deadlineMillis));
            if (page.entries().isEmpty()) {
                if (to == Long.MAX_VALUE) return new Result(at, null, false);
                throw new NotCovered("donor " + donor + " has no log entry after seq " + at + " (its log starts at "
                        + page.firstSeq() + ")");
            }
            List<ReplicatedOp> ops = new ArrayList<>(page.entries().size());
            long expect = at + 1;
            for (LogEntry e : page.entries()) {
                if (e.op().seq() != expect) {
                    if (expect == at + 1) {
                        throw new NotCovered("donor " + donor + " log starts at seq " + e.op().seq() + ", the target "
                                + "needs " + expect);
                    }
                    break;
                }
                ops.add(e.op());
                expect++;
            }
            BatchResult r = calls.apply(target, term, at + 1, ops, callTimeout(deadlineMillis));
            for (int i = 0; i < ops.size(); i++) {
                OpOutcome o = r.outcomes().get(i);
                LogEntry donorEntry = page.entries().get(i);
                if (o == null || o.status() != donorEntry.status()) {
                    return new Result(r.appliedSeq(), "seq " + ops.get(i).seq() + " got status "
                            + (o == null ? "none" : o.status()) + " on the target but " + donorEntry.status()
                            + " on donor " + donor, true);
                }
            }
            if (r.appliedSeq() < at + ops.size()) {
                return new Result(r.appliedSeq(), "the target stopped at seq " + r.appliedSeq(), true);
            }
            at = r.appliedSeq();
            progress.advance(ops.size());
        }
        return new Result(at, null, false);
    }

    /** {@link ReplicaCalls#TIMEOUT}, or what is left until {@code deadlineMillis} (at least {@link #MIN_CALL_MILLIS}). */
    static java.time.Duration callTimeout(long deadlineMillis) {
        if (deadlineMillis <= 0) return ReplicaCalls.TIMEOUT;
        long left = deadlineMillis - System.currentTimeMillis();
        return java.time.Duration.ofMillis(Math.min(ReplicaCalls.TIMEOUT.toMillis(), Math.max(MIN_CALL_MILLIS, left)));
    }

    /**
     * Whether the target's last applied op is the donor's op at that seq (same action, key, body and status): a
     * replica that applied a write nobody else kept (an unacknowledged batch, a different outcome) has diverged and
     * must be copied, not replayed onto. Unknown (either log pruned there) counts as the same: the apply's own checks
     * and the outcome comparison of the replay still stop a diverging history.
     */
    boolean sameHistoryAt(long seq) {
        if (seq <= 0) return true;
        var mine = calls.entry(target, seq);
        var theirs = calls.entry(donor, seq);
        if (mine.isEmpty() || theirs.isEmpty()) return true;
        ReplicatedOp a = mine.get().op();
        ReplicatedOp b = theirs.get().op();
        return a.action().equals(b.action()) && Objects.equals(a.key(), b.key()) && Objects.equals(a.body(), b.body())
                && mine.get().status() == theirs.get().status();
    }
}
