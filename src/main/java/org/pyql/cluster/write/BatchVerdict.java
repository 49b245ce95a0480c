package org.pyql.cluster.write;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pyql.cluster.route.EndpointClient;
import org.pyql.replication.BatchResult;
import org.pyql.replication.OpOutcome;
import org.pyql.replication.ReplicationBatch;

/**
 * The leader's reading of one batch's answers. Replicas that applied the whole batch are grouped by their per-op
 * statuses; the largest group (ties: the group of the smallest endpoint id) is the reference, and every other
 * replica, failed or divergent, is to be marked out of sync. A transport failure after the request was sent (a
 * timeout) may have applied the batch ({@link #maybeApplied()}); a refusal or an error answer did not. A replica that
 * answers "stale term" proves a newer leader exists.
 */
final class BatchVerdict {
    private final ReplicationBatch batch;
    private final Map<String, BatchResult> applied;
    private final Map<String, String> errors;
    private final List<String> reference;
    private final List<String> outOfSync;
    private final boolean staleTerm;
    private final boolean maybeApplied;

    private BatchVerdict(ReplicationBatch batch, Map<String, BatchResult> applied, Map<String, String> errors,
                         boolean staleTerm, boolean maybeApplied) {
        this.batch = batch;
        this.applied = applied;
        this.errors = errors;
        this.staleTerm = staleTerm;
        this.maybeApplied = maybeApplied;
        Map<List<Integer>, List<String>> groups = new LinkedHashMap<>();
        new TreeMap<>(applied).forEach((id, r) -> groups.computeIfAbsent(statuses(r), k -> new ArrayList<>()).add(id));
        List<String> best = List.of();
        for (List<String> g : groups.values()) if (g.size() > best.size()) best = g;
        this.reference = best;
        List<String> out = new ArrayList<>(errors.keySet());
        for (String id : applied.keySet()) if (!best.contains(id)) out.add(id);
        out.sort(null);
        this.outOfSync = out;
    }

    static BatchVerdict judge(ReplicationBatch batch, Map<String, CompletableFuture<EndpointClient.Reply>> calls) {
        Map<String, BatchResult> applied = new HashMap<>();
        Map<String, String> errors = new TreeMap<>();
        boolean stale = false;
        boolean maybe = false;
        for (Map.Entry<String, CompletableFuture<EndpointClient.Reply>> e : calls.entrySet()) {
            EndpointClient.Reply reply = e.getValue().join();
            if (reply.ok()) {
                BatchResult r;
                try {
                    r = Json.read(reply.body(), BatchResult.class);
                } catch (RuntimeException bad) {
                    errors.put(e.getKey(), "unreadable answer");
                    maybe = true;
                    continue;
                }
                if (r.appliedSeq() >= batch.toSeq() && covers(r, batch)) {
                    applied.put(e.getKey(), r);
                } else {
                    errors.put(e.getKey(), "answered applied seq " + r.appliedSeq() + " for a batch up to " + batch.toSeq());
                    maybe = true;
                }
            } else if (reply.answered()) {
                String error = reply.json().path("error").asText("");
                if (reply.status() == 409 && error.contains("stale term")) stale = true;
                errors.put(e.getKey(), "HTTP " + reply.status() + (error.isEmpty() ? "" : " " + error));
            } else {
                errors.put(e.getKey(), reply.failure());
                maybe |= reply.timedOut();
            }
        }
        return new BatchVerdict(batch, applied, errors, stale, maybe);
    }

    private static boolean covers(BatchResult r, ReplicationBatch batch) {
        if (r.outcomes() == null) return false;
        java.util.Set<Long> seqs = new java.util.HashSet<>();
        for (OpOutcome o : r.outcomes()) seqs.add(o.seq());
        for (long s = batch.fromSeq(); s <= batch.toSeq(); s++) if (!seqs.contains(s)) return false;
        return true;
    }

    private List<Integer> statuses(BatchResult r) {
        Map<Long, Integer> bySeq = new HashMap<>();
        for (OpOutcome o : r.outcomes()) bySeq.put(o.seq(), o.status());
        List<Integer> out = new ArrayList<>();
        for (long s = batch.fromSeq(); s <= batch.toSeq(); s++) out.add(bySeq.get(s));
        return out;
    }

    Map<String, BatchResult> applied() {
        return applied;
    }

    List<String> outOfSync() {
        return outOfSync;
    }

    boolean staleTerm() {
        return staleTerm;
    }

    boolean maybeApplied() {
        return maybeApplied;
    }

    Map<String, String> errors() {
        return errors;
    }

    /** The client's answer for the op with {@code seq} (index {@code i} of the batch). */
    WriteOutcome outcome(int i, long seq) {
        ObjectNode message = Json.MAPPER.createObjectNode();
        OpOutcome ref = null;
        for (String id : reference) {
            OpOutcome o = find(applied.get(id), seq);
            if (ref == null) ref = o;
            message.putObject(id).put("status", o.status()).set("content", o.content());
        }
        for (String id : outOfSync) {
            ObjectNode m = message.putObject(id);
            OpOutcome o = applied.containsKey(id) ? find(applied.get(id), seq) : null;
            m.put("status", o == null ? 0 : o.status());
            m.put("error", o == null ? errors.get(id) : "outcome differs from the other replicas; marked out of sync");
        }
        return clientAnswer(ref.status(), ref.content(), message, seq, outOfSync);
    }

    private static OpOutcome find(BatchResult r, long seq) {
        for (OpOutcome o : r.outcomes()) if (o.seq() == seq) return o;
        throw new IllegalStateException("no outcome for seq " + seq);
    }

    /**
     * Success: the original's {@code {"message": {...}, "consistency": true}} plus {@code seq} and {@code out_of_sync}.
     * A deterministic failure (the same on every replica): the endpoint's own error answer and status, plus seq.
     */
    static WriteOutcome clientAnswer(int status, JsonNode content, ObjectNode message, long seq, List<String> outOfSync) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (status == 200) {
            body.set("message", message);
            body.put("consistency", true);
        } else if (content != null && content.isObject()) {
            body.setAll((ObjectNode) content);
        } else {
            body.put("error", "write failed on every replica");
        }
        body.put("seq", seq);
        var oos = body.putArray("out_of_sync");
        outOfSync.forEach(oos::add);
        return WriteOutcome.of(status, body);
    }
}
