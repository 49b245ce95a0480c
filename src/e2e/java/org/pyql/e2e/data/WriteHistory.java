package org.pyql.e2e.data;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The history of a concurrent run, for the checks that make a fault test meaningful: every write attempted (a unique
 * {@code tag} the write puts into its row, the op, the node, how many tries, the outcome) and every read of such a
 * tag. Outcomes: {@link Outcome#ACK} (200), {@link Outcome#FAIL} (a definite 4xx refusal: nothing may have changed),
 * {@link Outcome#UNKNOWN} (connection lost, timeout, 5xx: it may or may not have been applied).
 *
 * <p>Checks (each returns violations, {@link #assertNone} fails with all of them and the seed):
 * <ul>
 *   <li>{@link #checkReplica}: on a replica that claims to be in sync, every acknowledged tag is present exactly once
 *       (none lost, none applied twice), no definitely failed tag is present, no unknown one twice, and nothing is
 *       there that nobody wrote;</li>
 *   <li>{@link #checkReads}: a strong read never misses a tag acknowledged before the read started and never sees one
 *       twice;</li>
 *   <li>{@link #checkSeqs}: no two acknowledged writes got the same seq.</li>
 * </ul>
 */
public final class WriteHistory {
    public enum Outcome { ACK, FAIL, UNKNOWN }

    /** One logical write (with all its retries under one Idempotency-Key). */
    public record Attempt(long id, int writer, String op, String tag, String node, int tries, Outcome outcome,
                          int status, long seq, String detail, long startNanos, long endNanos) {
    }

    /**
     * One read of a tag: how many rows carried it ({@code found}); {@code status} -1 when the node did not answer.
     * {@code mustSee}: a {@code ?consistency=strong} read, or a default read issued once the replica set had settled
     * (after a fault): either must see every write acknowledged before it started.
     */
    public record Read(int reader, String tag, String node, boolean mustSee, int status, int found, long startNanos,
                       long endNanos) {
    }

    private final Seed seed;
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();

    public WriteHistory(Seed seed) {
        this.seed = seed;
    }

    public Seed seed() {
        return seed;
    }

    public long nextId() {
        return ids.incrementAndGet();
    }

    /** 200 acknowledged; 4xx (but 408/429) a definite refusal; anything else, or no answer (-1), unknown. */
    public static Outcome classify(int status) {
        if (status == 200) return Outcome.ACK;
        if (status >= 400 && status < 500 && status != 408 && status != 429) return Outcome.FAIL;
        return Outcome.UNKNOWN;
    }

    public void record(Attempt a) {
        attempts.add(a);
    }

    public void recordRead(Read r) {
        reads.add(r);
    }

    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    public List<Read> reads() {
        return List.copyOf(reads);
    }

    public Map<Outcome, Integer> counts() {
        Map<Outcome, Integer> m = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) m.put(o, 0);
        for (Attempt a : attempts) m.merge(a.outcome(), 1, Integer::sum);
        return m;
    }

    public String summary() {
        long retried = attempts.stream().filter(a -> a.tries() > 1).count();
        long strong = reads.stream().filter(Read::mustSee).count();
        return attempts.size() + " writes " + counts() + ", " + retried + " needed retries; " + reads.size() + " reads ("
                + strong + " that must see acknowledged writes); " + seed;
    }

    /** Violations on one replica, given how many rows carry each tag there. */
    public List<String> checkReplica(String replica, Map<String, Integer> tagCounts) {
        List<String> v = new ArrayList<>();
        Map<String, Attempt> byTag = new HashMap<>();
        for (Attempt a : attempts) {
            if (byTag.put(a.tag(), a) != null) v.add("history: tag " + a.tag() + " was written by two attempts");
            int n = tagCounts.getOrDefault(a.tag(), 0);
            switch (a.outcome()) {
                case ACK -> {
                    if (n == 0) v.add(replica + ": acknowledged write LOST: " + a);
                    else if (n > 1) v.add(replica + ": acknowledged write applied " + n + " times: " + a);
                }
                case FAIL -> {
                    if (n != 0) v.add(replica + ": write answered " + a.status() + " (refused) but applied " + n + " times: " + a);
                }
                case UNKNOWN -> {
                    if (n > 1) v.add(replica + ": write with unknown outcome applied " + n + " times: " + a);
                }
            }
        }
        for (Map.Entry<String, Integer> e : tagCounts.entrySet()) {
            if (!byTag.containsKey(e.getKey())) v.add(replica + ": row with tag " + e.getKey() + " that no write made");
        }
        return v;
    }

    /** Reads that must see acknowledged writes never miss an acknowledged tag (acknowledged before the read began), never see one twice. */
    public List<String> checkReads() {
        Map<String, Attempt> acked = new HashMap<>();
        for (Attempt a : attempts) if (a.outcome() == Outcome.ACK) acked.put(a.tag(), a);
        List<String> v = new ArrayList<>();
        for (Read r : reads) {
            if (r.status() != 200) continue;
            if (r.found() > 1) v.add("read saw tag " + r.tag() + " " + r.found() + " times: " + r);
            Attempt a = acked.get(r.tag());
            if (r.mustSee() && r.found() == 0 && a != null && a.endNanos() < r.startNanos()) {
                v.add("read missed a write acknowledged " + (r.startNanos() - a.endNanos()) / 1_000_000
                        + " ms before it started (stale or out-of-sync replica served it): " + r + " write " + a);
            }
        }
        return v;
    }

    /** No two acknowledged writes of one table share a seq. */
    public List<String> checkSeqs() {
        Map<Long, Attempt> seen = new HashMap<>();
        List<String> v = new ArrayList<>();
        for (Attempt a : attempts) {
            if (a.outcome() != Outcome.ACK || a.seq() == WriteAnswer.NO_SEQ) continue;
            Attempt prev = seen.put(a.seq(), a);
            if (prev != null) v.add("two acknowledged writes got seq " + a.seq() + ": " + prev + " and " + a);
        }
        return v;
    }

    /** Fails with every violation (up to 30 shown), the summary and the seed. */
    public void assertNone(List<String> violations) {
        if (violations.isEmpty()) return;
        StringBuilder sb = new StringBuilder(violations.size() + " violation(s); " + summary());
        for (String s : violations.subList(0, Math.min(30, violations.size()))) sb.append("\n  ").append(s);
        throw new AssertionError(sb.toString());
    }
}
