package org.pyql.endpoint.replication;

import org.pyql.replication.ReplicaClaim;
import org.pyql.replication.ReplicaPosition;

/**
 * What this endpoint holds in memory about one table of one database: the claim (null when no data cluster owns the
 * table), the highest term seen, the last seq applied and the oldest seq its log still has (0 = none). Replaced as a
 * whole after each commit, so readers (the strong-read check) never see half an update.
 */
record TablePosition(ReplicaClaim claim, long term, long appliedSeq, long logFirstSeq) {
    static final TablePosition NONE = new TablePosition(null, 0, 0, 0);

    ReplicaPosition toWire(String table) {
        return new ReplicaPosition(table, claim == null ? null : claim.cluster(), term, appliedSeq, logFirstSeq);
    }
}
