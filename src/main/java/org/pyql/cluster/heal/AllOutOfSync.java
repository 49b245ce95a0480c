package org.pyql.cluster.heal;

import java.util.logging.Logger;

import org.pyql.cluster.route.ClusterIndex;
import org.pyql.cluster.route.Replica;
import org.pyql.cluster.route.TableKey;
import org.pyql.cluster.write.ReplicaSet;
import org.pyql.cluster.write.ReplicaSetStore;
import org.pyql.replication.ReplicaPosition;

/**
 * A table with no replica in sync can take no write and heal nothing (healing needs a donor). Recovery: ask every
 * loaded replica for its position and mark the most advanced one (highest applied seq, then highest term; never wall
 * clock) in sync by compare-and-set, provided it holds at least the acknowledged seq (a replica behind it would lose
 * acknowledged writes: then it waits for a better one to answer). The others are healed from it as usual.
 */
final class AllOutOfSync {
    private static final Logger LOG = Logger.getLogger(AllOutOfSync.class.getName());

    private final TableKey key;
    private final ReplicaSetStore store;
    private final ClusterIndex index;
    private final ReplicaCalls calls;

    AllOutOfSync(TableKey key, ReplicaSetStore store, ClusterIndex index, ReplicaCalls calls) {
        this.key = key;
        this.store = store;
        this.index = index;
        this.calls = calls;
    }

    void recover() {
        ReplicaSetStore.Versioned v = store.read(key);
        if (!v.set().inSync().isEmpty()) return;
        String best = null;
        ReplicaPosition bestPos = null;
        int asked = 0;
        int answered = 0;
        for (var e : v.set().replicas().entrySet()) {
            if (!ReplicaSet.LOADED.equals(e.getValue().state())) continue;
            Replica r = index.snapshot().replica(key.clusterId(), e.getKey(), false, ReplicaSet.LOADED).orElse(null);
            if (r == null) continue;
            asked++;
            ReplicaPosition p;
            try {
                p = calls.position(r);
            } catch (RuntimeException ex) {
                continue;
            }
            answered++;
            if (p.cluster() == null) continue;
            if (bestPos == null || p.appliedSeq() > bestPos.appliedSeq()
                    || p.appliedSeq() == bestPos.appliedSeq() && p.term() > bestPos.term()) {
                best = e.getKey();
                bestPos = p;
            }
        }
        if (best == null) return;
        if (bestPos.appliedSeq() < v.set().ackedSeq()) {
            long s = bestPos.appliedSeq();
            LOG.warning(() -> "no replica of " + key + " is in sync and the most advanced that answers holds seq " + s
                    + " < acknowledged " + v.set().ackedSeq() + ": waiting for a replica that has it");
            return;
        }
        ReplicaSet.Member m = v.set().replicas().get(best);
        var stored = store.replace(key, v, v.set().withMember(best, new ReplicaSet.Member(true, m.state())));
        if (stored.isPresent()) {
            String b = best;
            ReplicaPosition bp = bestPos;
            int a = asked;
            int n = answered;
            LOG.warning(() -> "no replica of " + key + " was in sync: recovered from " + b + ", the most advanced of " + n
                    + "/" + a + " that answered (applied seq " + bp.appliedSeq() + ", term " + bp.term()
                    + "); the others heal from it");
        }
    }
}
