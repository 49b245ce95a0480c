package org.pyql.e2e.data;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One replica as {@code GET /cluster/{c}/table/{t}/endpoints} reports it: {@code endpoint} (the database uuid),
 * {@code name}, {@code path}, {@code in_sync}, {@code state}, {@code applied_seq}, {@code lag}. {@code raw} keeps the
 * whole entry for failure messages (and for the check that no token is in it).
 */
public record ReplicaState(String endpoint, String name, String path, boolean inSync, String state, long appliedSeq,
                           long lag, JsonNode raw) {
    static ReplicaState of(JsonNode r) {
        return new ReplicaState(r.path("endpoint").asText(null), r.path("name").asText(null), r.path("path").asText(null),
                r.path("in_sync").asBoolean(false), r.path("state").asText(null), r.path("applied_seq").asLong(-1),
                r.path("lag").asLong(-1), r);
    }
}
