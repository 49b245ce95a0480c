package org.pyql.cluster.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.cluster.route.TableKey;
import org.pyql.coordination.ClusterStateService;
import org.pyql.coordination.DataPlaneCp;
import org.pyql.coordination.StateKind;
import org.pyql.error.ConflictException;
import org.pyql.state.ReplicaEntity;

/**
 * Reads and changes replica sets in their CP registers (compare-and-set on the exact previous value), and keeps the
 * durable copy ({@link ReplicaEntity} rows, which routing reads and which survive a full-cluster restart) in step
 * after every change of a replica's flags. After a restart the CP register is empty and the set is rebuilt from the
 * durable rows with term 0 and ackedSeq 0; the first leader corrects both from the endpoints' positions.
 */
@ApplicationScoped
public class ReplicaSetStore {
    private static final Logger LOG = Logger.getLogger(ReplicaSetStore.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RACES = 30;

    @Inject
    private DataPlaneCp cp;
    @Inject
    private ClusterStateService state;

    /** A replica set with the exact register text it was read from (what a compare-and-set must expect). */
    public record Versioned(ReplicaSet set, String raw) {
    }

    public Versioned read(TableKey key) {
        Optional<String> raw = cp.read(register(key));
        if (raw.isPresent()) return new Versioned(parse(raw.get()), raw.get());
        ReplicaSet rebuilt = fromDurable(key);
        String text = write(rebuilt);
        if (cp.compareAndSet(register(key), null, text)) return new Versioned(rebuilt, text);
        String now = cp.read(register(key)).orElseThrow(() -> new IllegalStateException("replica set vanished"));
        return new Versioned(parse(now), now);
    }

    /** Replaces {@code expected} by {@code next}; empty when someone changed the set since it was read. */
    public Optional<Versioned> replace(TableKey key, Versioned expected, ReplicaSet next) {
        String text = write(next);
        if (!cp.compareAndSet(register(key), expected.raw(), text)) return Optional.empty();
        persistFlags(key, expected.set(), next);
        return Optional.of(new Versioned(next, text));
    }

    /** Applies {@code change} to the current set until a compare-and-set wins; returns the new set. */
    public ReplicaSet update(TableKey key, UnaryOperator<ReplicaSet> change) {
        for (int i = 0; i < MAX_RACES; i++) {
            Versioned v = read(key);
            ReplicaSet next = change.apply(v.set());
            if (next == v.set()) return next;
            if (replace(key, v, next).isPresent()) return next;
        }
        throw new ConflictException("replica set of " + key + " keeps changing", "try again");
    }

    private void persistFlags(TableKey key, ReplicaSet before, ReplicaSet after) {
        for (Map.Entry<String, ReplicaSet.Member> e : after.replicas().entrySet()) {
            ReplicaSet.Member old = before.replicas().get(e.getKey());
            if (Objects.equals(old, e.getValue())) continue;
            ReplicaSet.Member m = e.getValue();
            ReplicaEntity fresh = new ReplicaEntity(key.clusterId(), key.table(), e.getKey(), m.state(), m.inSync());
            state.upsert(StateKind.REPLICAS, fresh, r -> {
                r.setInSync(m.inSync());
                r.setState(m.state());
            });
            LOG.info(() -> "replica " + e.getKey() + " of " + key + ": in_sync=" + m.inSync() + " state=" + m.state()
                    + " (term " + after.term() + ", acked seq " + after.ackedSeq() + ")");
        }
    }

    private ReplicaSet fromDurable(TableKey key) {
        Map<String, ReplicaSet.Member> members = new HashMap<>();
        for (ReplicaEntity r : state.list(StateKind.REPLICAS,
                r -> r.getClusterId().equals(key.clusterId()) && r.getTableName().equals(key.table()))) {
            members.put(r.getEndpointId(), new ReplicaSet.Member(r.isInSync(), r.getState()));
        }
        return new ReplicaSet(1, 0, 0, members);
    }

    private static String register(TableKey key) {
        return "replicas." + key.cpName();
    }

    static ReplicaSet parse(String text) {
        try {
            return JSON.readValue(text, ReplicaSet.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable replica set", e);
        }
    }

    static String write(ReplicaSet set) {
        try {
            return JSON.writeValueAsString(set);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
