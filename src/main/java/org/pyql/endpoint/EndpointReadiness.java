package org.pyql.endpoint;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Whether this endpoint can serve: every database answers {@code SELECT 1} within {@link #TIMEOUT_MILLIS}. The
 * databases are asked in parallel, and a check still running from an earlier probe is joined rather than started
 * again, so probes of a hung database cannot pile up connections or threads.
 */
@ApplicationScoped
public class EndpointReadiness {
    static final long TIMEOUT_MILLIS = 2_000;

    @Inject
    private DataStores stores;

    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    private final ExecutorService checks = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pyql-readiness-check");
        t.setDaemon(true);
        return t;
    });

    /** One database's answer: ready, or why not. */
    public record DatabaseState(boolean ready, String error) {
    }

    /** Per database, in configuration order. */
    public Map<String, DatabaseState> check() {
        Map<String, CompletableFuture<Void>> running = new LinkedHashMap<>();
        for (DataStore store : stores.all()) running.put(store.name(), start(store));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        Map<String, DatabaseState> out = new LinkedHashMap<>();
        running.forEach((name, f) -> {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                out.put(name, new DatabaseState(true, null));
            } catch (TimeoutException e) {
                out.put(name, new DatabaseState(false, "no answer within " + TIMEOUT_MILLIS + " ms"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.put(name, new DatabaseState(false, "interrupted"));
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                out.put(name, new DatabaseState(false, cause.getMessage() == null ? cause.getClass().getSimpleName()
                        : cause.getMessage()));
            }
        });
        return out;
    }

    private CompletableFuture<Void> start(DataStore store) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        CompletableFuture<Void> earlier = inFlight.putIfAbsent(store.name(), f);
        if (earlier != null) return earlier;
        checks.execute(() -> {
            try {
                ping(store);
                inFlight.remove(store.name(), f);
                f.complete(null);
            } catch (RuntimeException e) {
                inFlight.remove(store.name(), f);
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private static void ping(DataStore store) {
        store.withConnection(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
                rs.next();
            }
            return null;
        });
    }

    @PreDestroy
    void close() {
        checks.shutdownNow();
    }
}
