package org.pyql.e2e.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.pyql.e2e.harness.PyqlClient.Response;

/**
 * A cluster write's answer: {@code {"message": {<endpoint id>: {"status", "content"}}, "consistency": true, "seq": n,
 * "out_of_sync": [ids]}} on success; errors are {@code {"error", "detail"}} (and may carry {@code seq} when the
 * failure was sequenced, e.g. a duplicate key applied as a failure on every replica).
 */
public record WriteAnswer(int status, long seq, List<String> outOfSync, Map<String, JsonNode> perReplica,
                          Response response) {
    public static final long NO_SEQ = -1;

    public static WriteAnswer of(Response r) {
        JsonNode j = r.json();
        long seq = j.path("seq").canConvertToLong() ? j.path("seq").asLong() : NO_SEQ;
        List<String> oos = new ArrayList<>();
        for (JsonNode id : j.path("out_of_sync")) oos.add(id.asText());
        Map<String, JsonNode> per = new LinkedHashMap<>();
        JsonNode msg = j.path("message");
        if (msg.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = msg.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                per.put(e.getKey(), e.getValue());
            }
        }
        return new WriteAnswer(r.status(), seq, List.copyOf(oos), per, r);
    }

    public boolean ok() {
        return status == 200;
    }

    /**
     * The {@code rows} the replicas report (they must agree; -1 when the answer has none). Fails when two replicas
     * that both answered 200 report different counts.
     */
    public long rows() {
        long rows = -1;
        for (Map.Entry<String, JsonNode> e : perReplica.entrySet()) {
            JsonNode c = e.getValue().path("content");
            if (e.getValue().path("status").asInt() != 200 || !c.path("rows").canConvertToLong()) continue;
            long n = c.path("rows").asLong();
            if (rows >= 0 && rows != n) throw new AssertionError("replicas disagree on rows: " + response.describe());
            rows = n;
        }
        return rows;
    }

    @Override
    public String toString() {
        return response.describe();
    }
}
