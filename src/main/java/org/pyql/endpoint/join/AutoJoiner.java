package org.pyql.endpoint.join;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.config.AutoJoinSettings;
import org.pyql.endpoint.DataStore;
import org.pyql.endpoint.DataStores;
import org.pyql.endpoint.replication.ReplicationClaims;

/**
 * Joins each database of this endpoint to the configured data cluster, on one background thread: an attempt per
 * database that has not joined yet, then a pause that doubles from {@value #FIRST_PAUSE_MILLIS} ms up to
 * {@value #MAX_PAUSE_MILLIS} ms, until every database joined. One log line per attempt; tokens are never logged (the
 * cluster's answer is reduced to its status and {@code error}).
 */
@ApplicationScoped
public class AutoJoiner {
    private static final Logger LOG = Logger.getLogger(AutoJoiner.class.getName());
    static final long FIRST_PAUSE_MILLIS = 1_000;
    static final long MAX_PAUSE_MILLIS = 60_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    private DataStores stores;
    @Inject
    private ReplicationClaims claims;

    private volatile Thread worker;

    /** Starts the background joins; {@code serviceToken} is what the cluster will call this endpoint with. */
    public synchronized void start(AutoJoinSettings settings, int port, String serviceToken) {
        if (worker != null) return;
        Thread t = new Thread(() -> run(settings, port, serviceToken), "pyql-auto-join");
        t.setDaemon(true);
        worker = t;
        t.start();
    }

    private void run(AutoJoinSettings s, int port, String token) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI joinUri = URI.create(s.clusterService() + "/cluster/"
                + URLEncoder.encode(s.clusterName(), StandardCharsets.UTF_8).replace("+", "%20") + "/join");
        List<DataStore> pending = new ArrayList<>(stores.all());
        long pause = FIRST_PAUSE_MILLIS;
        int attempt = 0;
        while (!pending.isEmpty() && !Thread.currentThread().isInterrupted()) {
            attempt++;
            for (DataStore store : List.copyOf(pending)) {
                if (attemptJoin(http, joinUri, s, port, token, store, attempt)) pending.remove(store);
            }
            if (pending.isEmpty()) break;
            try {
                Thread.sleep(pause);   // backoff between attempts against a cluster that is not there yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
        }
    }

    private boolean attemptJoin(HttpClient http, URI joinUri, AutoJoinSettings s, int port, String token,
                                DataStore store, int attempt) {
        String what = "auto-join of database " + store.name() + " to data cluster " + s.clusterName() + " at "
                + s.clusterService() + " (attempt " + attempt + ")";
        try {
            String uuid = claims.databaseUuid(store.name());
            store.refreshSchema();
            var all = store.tables();
            var offered = s.init() ? JoinRequest.offered(all, s.tables()) : List.<org.pyql.query.TableSchema>of();
            if (s.init() && attempt == 1 && !JoinRequest.missing(all, s.tables()).isEmpty()) {
                LOG.warning(what + ": PYQL_CLUSTER_TABLES names tables the database lacks, not offered: "
                        + JoinRequest.missing(all, s.tables()));
            }
            ObjectNode body = JoinRequest.body(s.endpointName(), s.path(port), token, store.name(), uuid, offered);
            HttpRequest request = HttpRequest.newBuilder(joinUri).timeout(Duration.ofSeconds(30))
                    .header("Authentication", "Token " + s.joinToken())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body))).build();
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                LOG.info(what + ": joined " + JoinRequest.describe(body));
                return true;
            }
            LOG.warning(what + ": the cluster answered " + r.statusCode() + " " + errorOf(r.body()) + "; retrying");
        } catch (IOException e) {
            LOG.warning(what + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage())
                    + "; retrying");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, what + ": " + e.getMessage() + "; retrying");
        }
        return false;
    }

    /** The {@code error} and {@code detail} of a JSON error answer (never the whole body, which could echo input). */
    static String errorOf(String body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            String error = n.path("error").asText("");
            String detail = n.path("detail").asText("");
            return error.isEmpty() ? "(no error text)" : detail.isEmpty() ? error : error + ": " + detail;
        } catch (IOException | RuntimeException e) {
            return "(not JSON)";
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (worker != null) worker.interrupt();
    }
}
