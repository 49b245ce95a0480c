package org.pyql.replication;

import com.fasterxml.jackson.databind.JsonNode;

/** One entry of an endpoint's replication log: the op as applied, under which term, and its outcome there. */
public record LogEntry(long term, ReplicatedOp op, int status, JsonNode content) {
}
