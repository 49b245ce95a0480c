package org.pyql.cluster.write;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.map.IMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.coordination.DataPlaneCp;

/**
 * {@code Idempotency-Key} -> outcome, in a cluster-wide map whose entries expire after {@link #WINDOW_SECONDS}. Before a
 * batch is sent, the leader records each keyed op as pending with its (seq, term); after the answer, as done with the
 * outcome. A retry that finds "done" gets the stored outcome; one that finds "pending" after a leader change asks a
 * replica's replication log whether that exact (seq, term) was applied, so a write is applied at most once however
 * often and through whichever node it is retried within the window.
 */
@ApplicationScoped
public class IdempotencyKeys {
    public static final long WINDOW_SECONDS = 600;

    @Inject
    private DataPlaneCp cp;

    /** {@code status} 0 = pending. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(long seq, long term, int status, ObjectNode body) {
        boolean pending() {
            return status == 0;
        }
    }

    Map<String, Entry> getAll(Collection<String> keys) {
        Map<String, Entry> out = new HashMap<>();
        if (keys.isEmpty()) return out;
        for (Map.Entry<String, String> e : map().getAll(new java.util.HashSet<>(keys)).entrySet()) {
            out.put(e.getKey(), parse(e.getValue()));
        }
        return out;
    }

    void pending(Map<String, Entry> entries) {
        putAll(entries);
    }

    void done(Map<String, Entry> entries) {
        putAll(entries);
    }

    void forget(Collection<String> keys) {
        IMap<String, String> m = map();
        for (String k : keys) m.delete(k);
    }

    private void putAll(Map<String, Entry> entries) {
        if (entries.isEmpty()) return;
        IMap<String, String> m = map();
        CompletableFuture<?>[] all = entries.entrySet().stream()
                .map(e -> m.setAsync(e.getKey(), write(e.getValue()), WINDOW_SECONDS, TimeUnit.SECONDS).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(all).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            throw new org.pyql.error.UnavailableException("idempotency keys not stored", String.valueOf(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.pyql.error.UnavailableException("idempotency keys not stored", "interrupted");
        }
    }

    private IMap<String, String> map() {
        return cp.expiringMap("idempotency");
    }

    private static Entry parse(String s) {
        try {
            return Json.MAPPER.readValue(s, Entry.class);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String write(Entry e) {
        return new String(Json.bytes(e), java.nio.charset.StandardCharsets.UTF_8);
    }
}
