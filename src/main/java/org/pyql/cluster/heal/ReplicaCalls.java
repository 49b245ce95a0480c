package org.pyql.cluster.heal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.pyql.cluster.route.EndpointClient;
import org.pyql.cluster.route.Replica;
import org.pyql.cluster.route.TableKey;
import org.pyql.replication.BatchResult;
import org.pyql.replication.LogEntry;
import org.pyql.replication.ReplicaPosition;
import org.pyql.replication.ReplicatedOp;
import org.pyql.replication.ReplicationBatch;

/**
 * The endpoint replication routes healing uses, typed: a replica's position, a page of its log, the sequenced apply.
 * A failed call is an {@link EndpointProblem} carrying what the endpoint answered.
 */
final class ReplicaCalls {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = EndpointClient.JSON;

    /** A page of a donor's log: the oldest seq it retains (0 = none) and entries in seq order. */
    record LogPage(long firstSeq, List<LogEntry> entries) {
    }

    /** An endpoint call that failed (transport or a non-200 answer). */
    static final class EndpointProblem extends RuntimeException {
        final int status;

        EndpointProblem(String what, EndpointClient.Reply reply) {
            super(what + ": " + reply + (reply.answered() ? " " + reply.json() : ""));
            this.status = reply.status();
        }
    }

    private final EndpointClient client;
    private final TableKey key;

    ReplicaCalls(EndpointClient client, TableKey key) {
        this.client = client;
        this.key = key;
    }

    ReplicaPosition position(Replica r) {
        return position(r, TIMEOUT);
    }

    ReplicaPosition position(Replica r, Duration timeout) {
        EndpointClient.Reply reply = client.get(r, "/replication/" + key.table() + "/position", timeout).join();
        if (!reply.ok()) throw new EndpointProblem("position of " + key.table() + " on " + r, reply);
        return read(reply.body(), ReplicaPosition.class);
    }

    LogPage log(Replica r, long from, int limit) {
        return log(r, from, limit, TIMEOUT);
    }

    LogPage log(Replica r, long from, int limit, Duration timeout) {
        EndpointClient.Reply reply = client.get(r, "/replication/" + key.table() + "/log?from=" + from + "&limit=" + limit,
                timeout).join();
        if (!reply.ok()) throw new EndpointProblem("log of " + key.table() + " on " + r, reply);
        JsonNode doc = reply.json();
        List<LogEntry> entries = new ArrayList<>();
        for (JsonNode e : doc.path("entries")) entries.add(JSON.convertValue(e, LogEntry.class));
        return new LogPage(doc.path("first_seq").asLong(0), entries);
    }

    /** The log entry at {@code seq}, when the replica's log still holds it. */
    Optional<LogEntry> entry(Replica r, long seq) {
        List<LogEntry> page = log(r, seq, 1).entries();
        return page.isEmpty() || page.get(0).op().seq() != seq ? Optional.empty() : Optional.of(page.get(0));
    }

    BatchResult apply(Replica r, long term, long fromSeq, List<ReplicatedOp> ops) {
        return apply(r, term, fromSeq, ops, TIMEOUT);
    }

    BatchResult apply(Replica r, long term, long fromSeq, List<ReplicatedOp> ops, Duration timeout) {
        ReplicationBatch batch = new ReplicationBatch(key.clusterId(), key.table(), term, fromSeq, ops);
        EndpointClient.Reply reply;
        try {
            reply = client.post(r, "/replication/" + key.table() + "/apply", JSON.writeValueAsBytes(batch), timeout).join();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!reply.ok()) throw new EndpointProblem("apply of seq " + fromSeq + ".. on " + r, reply);
        return read(reply.body(), BatchResult.class);
    }

    private static <T> T read(byte[] body, Class<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + type.getSimpleName(), e);
        }
    }
}
