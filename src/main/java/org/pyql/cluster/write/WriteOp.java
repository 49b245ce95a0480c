package org.pyql.cluster.write;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A validated client write waiting for its seq: the {@link org.pyql.replication.ReplicatedOp} action, key and body,
 * and the client's idempotency key scoped to the caller (null when the client sent none).
 */
public record WriteOp(String action, String key, JsonNode body, String idempotencyKey) {
}
