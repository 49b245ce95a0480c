package org.pyql.cluster.write;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The linearizable record of one table's replicas, kept in a CP register and replaced only by compare-and-set on the
 * whole value: {@code term} of the current leader, {@code ackedSeq} (the last seq every in-sync replica applied),
 * and per replica (endpoint database uuid) whether it is in sync and its state ({@code loaded}, or {@code new}: it
 * needs a full copy). Immutable; every change makes a new one with {@code version + 1}.
 */
public record ReplicaSet(long version, long term, @JsonProperty("acked_seq") long ackedSeq,
                         Map<String, Member> replicas) {
    public static final String LOADED = "loaded";
    public static final String NEW = "new";

    public record Member(@JsonProperty("in_sync") boolean inSync, String state) {
    }

    public ReplicaSet {
        replicas = java.util.Collections.unmodifiableMap(new TreeMap<>(replicas));
    }

    public List<String> inSync() {
        return replicas.entrySet().stream().filter(e -> e.getValue().inSync()).map(Map.Entry::getKey).toList();
    }

    public ReplicaSet withTermAndSeq(long newTerm, long newAcked) {
        return new ReplicaSet(version + 1, newTerm, newAcked, replicas);
    }

    /** The same set with {@code ids} marked out of sync (state kept, so a loaded replica can catch up by replay). */
    public ReplicaSet markedOutOfSync(java.util.Collection<String> ids, long newAcked) {
        Map<String, Member> m = new LinkedHashMap<>(replicas);
        for (String id : ids) {
            Member old = m.get(id);
            if (old != null) m.put(id, new Member(false, old.state()));
        }
        return new ReplicaSet(version + 1, term, newAcked, m);
    }

    public ReplicaSet withMember(String id, Member member) {
        Map<String, Member> m = new LinkedHashMap<>(replicas);
        m.put(id, member);
        return new ReplicaSet(version + 1, term, ackedSeq, m);
    }
}
