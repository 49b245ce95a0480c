package org.pyql.cluster.write;

/**
 * Work that must not overlap a batch of one table (a healed replica's final delta and its cutover): it runs on the
 * table's sequencer thread between two batches, while writes of that table wait in its queue (other tables go on).
 * It gets the replica set the sequencer is about to use and returns the one to go on with (the same, or one it
 * stored by compare-and-set), so the next batch already goes to a replica it marked in sync. It must bound its own
 * duration: every write of the table waits for it.
 */
@FunctionalInterface
public interface BetweenBatches<T> {
    Result<T> run(ReplicaSetStore.Versioned current);

    /**
     * The replica set to go on with (null: unchanged), the task's answer, and whether the sequencer must recover
     * (re-read the set and fence its replicas) before its next batch: the task saw that the set moved on under it.
     */
    record Result<T>(ReplicaSetStore.Versioned set, T value, boolean recover) {
        public Result(ReplicaSetStore.Versioned set, T value) {
            this(set, value, false);
        }
    }
}
