package org.pyql.replication;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An endpoint's answer to a batch: its position after it, and one outcome per op of the batch (redelivered ones too). */
public record BatchResult(long term, @JsonProperty("applied_seq") long appliedSeq, List<OpOutcome> outcomes) {
}
