package org.pyql.cluster.heal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.cluster.route.ClusterIndex;
import org.pyql.cluster.route.EndpointClient;
import org.pyql.cluster.route.Replica;
import org.pyql.cluster.route.TableKey;
import org.pyql.cluster.write.ReplicaSet;
import org.pyql.cluster.write.ReplicaSetStore;
import org.pyql.replication.ReplicaPosition;

/**
 * Fills a replica with a full copy of the table from an in-sync donor (Galera's SST): the donor streams the table at
 * one seq (one read snapshot, rows in primary-key order, {@code GET .../replication/{t}/snapshot}), this node passes
 * the rows on in chunks into a shadow table on the target ({@code .../snapshot/begin}, {@code .../snapshot/rows}) and
 * has the target swap it in with the donor's position ({@code .../snapshot/swap}); the replica is then
 * {@code loaded} but still out of sync, and the usual replay and cutover bring it to the acked seq. A copy that breaks
 * (donor or target gone) leaves the target's old table untouched; the job retries, with whichever donor answers.
 * The rows travel as the endpoints' JSON, so any back end copies to any other; this node passes each chunk's text on
 * without parsing it.
 */
@ApplicationScoped
public class SnapshotCopy {
    private static final Logger LOG = Logger.getLogger(SnapshotCopy.class.getName());
    private static final ObjectMapper JSON = EndpointClient.JSON;
    static final Duration READ_TIMEOUT = Duration.ofMinutes(30);
    static final Duration CHUNK_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    private ReplicaSetStore store;
    @Inject
    private ClusterIndex index;
    @Inject
    private EndpointClient client;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    ReplicaHealing.Attempt copy(TableKey key, String targetId, ReplicaCalls calls, Progress progress, String why) {
        ReplicaSetStore.Versioned v = store.read(key);
        ReplicaSet.Member m = v.set().replicas().get(targetId);
        if (m == null) return new ReplicaHealing.Attempt(ReplicaHealing.Outcome.IN_SYNC, "no longer a replica");
        var snap = index.snapshot();
        Replica target = snap.replica(key.clusterId(), targetId, false, m.state()).orElse(null);
        if (target == null) return new ReplicaHealing.Attempt(ReplicaHealing.Outcome.RETRY, "target endpoint not in the cluster");
        String clusterName = snap.clusters().stream().filter(c -> c.getId().equals(key.clusterId())).findFirst()
                .map(c -> c.getName()).orElse(key.clusterId());
        String lastProblem = "no in-sync donor";
        for (String id : v.set().inSync()) {
            if (id.equals(targetId)) continue;
            Optional<Replica> donor = snap.replica(key.clusterId(), id, true, ReplicaSet.LOADED);
            if (donor.isEmpty()) continue;
            progress.donor(id);
            try {
                long t0 = System.nanoTime();
                ReplicaPosition p = copyFrom(key, donor.get(), target, clusterName, v.set().term(), progress);
                double secs = Math.max(0.001, (System.nanoTime() - t0) / 1e9);
                long rows = progress.reading().done();
                String speed = String.format(java.util.Locale.ROOT, "%d rows in %.1f s, %.0f rows/s", rows, secs, rows / secs);
                LOG.info(() -> "healing " + key + " on " + targetId + ": copied from " + donor.get() + ", " + speed);
                store.update(key, s -> {
                    ReplicaSet.Member now = s.replicas().get(targetId);
                    if (now == null || now.inSync() || ReplicaSet.LOADED.equals(now.state())) return s;
                    return s.withMember(targetId, new ReplicaSet.Member(false, ReplicaSet.LOADED));
                });
                return new ReplicaHealing.Attempt(ReplicaHealing.Outcome.COPIED, "copied from " + donor.get() + " at seq "
                        + p.appliedSeq() + ", " + speed + " (" + why + ")");
            } catch (RuntimeException e) {
                lastProblem = "copy from " + donor.get() + " failed: " + e.getMessage();
                String lp = lastProblem;
                LOG.warning(() -> "healing " + key + " on " + targetId + ": " + lp);
            }
        }
        return new ReplicaHealing.Attempt(ReplicaHealing.Outcome.RETRY, lastProblem);
    }

    private ReplicaPosition copyFrom(TableKey key, Replica donor, Replica target, String clusterName, long term,
                                     Progress progress) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(donor.baseUrl() + "/replication/" + key.table() + "/snapshot"))
                .timeout(READ_TIMEOUT).header("Authentication", "Token " + donor.token())
                .header("Accept", "application/x-ndjson").GET().build();
        HttpResponse<Stream<String>> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException("snapshot of " + key.table() + " on " + donor, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        try (Stream<String> lines = resp.body()) {
            if (resp.statusCode() != 200) {
                throw new IllegalStateException("donor answered " + resp.statusCode() + ": " + String.join(" ",
                        lines.limit(3).toList()));
            }
            Iterator<String> it = lines.iterator();
            if (!it.hasNext()) throw new IllegalStateException("donor sent an empty snapshot");
            JsonNode head = parse(it.next());
            long seq = head.path("seq").asLong(-1);
            long snapTerm = head.path("term").asLong(0);
            progress.phase("snapshot", head.path("rows").asLong(0));
            ObjectNode begin = JSON.createObjectNode();
            begin.set("config", head.path("config"));
            call(target, key, "/snapshot/begin", begin);
            boolean ended = false;
            // one chunk in flight to the target while the next is read from the donor: the two overlap
            java.util.concurrent.CompletableFuture<EndpointClient.Reply> inFlight = null;
            while (it.hasNext()) {
                String line = it.next();
                byte[] body = chunkBody(line);
                if (body == null) {
                    if (parse(line).path("end").asBoolean(false)) {
                        ended = true;
                        break;
                    }
                    throw new IllegalStateException("the donor sent an unexpected line: "
                            + line.substring(0, Math.min(200, line.length())));
                }
                if (inFlight != null) progress.advance(settle(inFlight, target));
                inFlight = client.post(target, "/replication/" + key.table() + "/snapshot/rows", body, CHUNK_TIMEOUT);
            }
            if (inFlight != null) progress.advance(settle(inFlight, target));
            if (!ended) throw new IllegalStateException("the donor's snapshot stream broke off");
            ObjectNode swap = JSON.createObjectNode().put("cluster", key.clusterId()).put("cluster_name", clusterName)
                    .put("term", Math.max(term, snapTerm)).put("seq", seq);
            EndpointClient.Reply r = call(target, key, "/snapshot/swap", swap);
            return JSON.readValue(r.body(), ReplicaPosition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private EndpointClient.Reply call(Replica target, TableKey key, String suffix, JsonNode body) throws IOException {
        EndpointClient.Reply r = client.post(target, "/replication/" + key.table() + suffix, JSON.writeValueAsBytes(body),
                CHUNK_TIMEOUT).join();
        if (!r.ok()) throw new ReplicaCalls.EndpointProblem(suffix + " on " + target, r);
        return r;
    }

    /** The rows the target loaded from one chunk (its answer {@code {"rows": n}}). */
    private static int settle(java.util.concurrent.CompletableFuture<EndpointClient.Reply> f, Replica target) {
        EndpointClient.Reply r = f.join();
        if (!r.ok()) throw new ReplicaCalls.EndpointProblem("/snapshot/rows on " + target, r);
        return r.json().path("rows").asInt(0);
    }

    /**
     * The target's {@code {"rows": [...]}} body for a donor line {@code {"data": [...]}}, made by replacing the field
     * name in the text: the rows pass through this node without being parsed and written again (the target parses
     * and checks them against the table anyway). Null for any other line (the head and the end are parsed).
     */
    static byte[] chunkBody(String line) {
        // the donor's generator separates its root values with a space, so a line may start with one
        int at = 0;
        while (at < line.length() && Character.isWhitespace(line.charAt(at))) at++;
        if (!line.startsWith(DATA_PREFIX, at) || !line.endsWith("]}")) return null;
        return ("{\"rows\":" + line.substring(at + DATA_PREFIX.length())).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static final String DATA_PREFIX = "{\"data\":";

    private static JsonNode parse(String line) throws IOException {
        return JSON.readTree(line);
    }
}
