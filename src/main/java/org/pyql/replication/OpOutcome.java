package org.pyql.replication;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What applying one op did on one replica: the HTTP status the same write would get on {@code /db} (200, or 409/400/404
 * for a deterministic failure) and the JSON it would answer. Replicas must agree on {@code status}.
 */
public record OpOutcome(long seq, int status, JsonNode content) {
}
