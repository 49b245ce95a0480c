package org.pyql.replication;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the table leader sends every in-sync replica: ops with consecutive seqs starting at {@code fromSeq}, under
 * {@code term}. {@code cluster} is the data cluster's id (the endpoint records which cluster owns the table).
 */
public record ReplicationBatch(String cluster, String table, long term, @JsonProperty("from_seq") long fromSeq,
                               List<ReplicatedOp> ops) {
    public long toSeq() {
        return fromSeq + ops.size() - 1;
    }
}
