package org.pyql.replication;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where one table of one endpoint database stands: the cluster that owns it (null when unclaimed), the highest term
 * it has seen and the last seq it applied, and the oldest seq its replication log still holds (0 = none).
 */
public record ReplicaPosition(String table, String cluster, long term, @JsonProperty("applied_seq") long appliedSeq,
                              @JsonProperty("log_first_seq") long logFirstSeq) {
}
