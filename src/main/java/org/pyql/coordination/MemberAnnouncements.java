package org.pyql.coordination;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;

/**
 * What each member tells the others about itself, in the replicated map {@value #MEMBERS_MAP} (key: member uuid):
 * {@code {"node", "http", "hz", "role", "cp_uuid", "check_id", "quorum": <its QuorumSnapshot>}}. A member promoted into
 * CP later gets a CP uuid unlike its member uuid, and only the member itself knows it, so the announcement is how the
 * others map CP members to live members ({@link CpHealPlan}); it also carries the pyql node id behind each member and
 * the answer to the last quorum check. The publishing methods run on the coordination thread; {@link #collect} only
 * reads and runs on the caller's thread.
 */
final class MemberAnnouncements {
    static final String MEMBERS_MAP = "pyql.members";
    static final String CHECK_TOPIC = "pyql.quorum.check";
    /** An unchanged announcement is still re-published this often (a member that missed an update catches up). */
    private static final long REPUBLISH_MILLIS = 10_000;
    static final ObjectMapper JSON = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false).build();

    /** The live members as one tick sees them. */
    record View(List<Member> live, List<CpHealPlan.Member> described, List<String> liveNodeIds, Set<UUID> aliveCpIds,
                UUID localCpUuid) {
        /** The oldest member decides cluster-wide chores (healing, eviction, cleanup): the same choice everywhere. */
        boolean localIsOldest() {
            return !live.isEmpty() && live.get(0).localMember();
        }
    }

    private final String nodeId;
    private final String role;
    private final String httpAddress;
    private String lastPublished;
    private long lastPublishedAt;
    private String lastCheckId;

    MemberAnnouncements(String nodeId, String role, String httpAddress) {
        this.nodeId = nodeId;
        this.role = role;
        this.httpAddress = httpAddress;
    }

    /** The current member list with each member's announced identity ({@code localCp}: this member's CP uuid). */
    View observe(HazelcastInstance hz, UUID localCp) {
        List<Member> live = new ArrayList<>(hz.getCluster().getMembers());
        Map<UUID, JsonNode> announced = read(hz, live);
        List<CpHealPlan.Member> described = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Member m : live) {
            if (m.localMember()) {
                described.add(new CpHealPlan.Member(m.getUuid(), address(m), true, localCp));
                ids.add(nodeId);
                continue;
            }
            JsonNode a = announced.get(m.getUuid());
            UUID cp = a != null && a.hasNonNull("cp_uuid") ? UUID.fromString(a.get("cp_uuid").asText()) : null;
            described.add(new CpHealPlan.Member(m.getUuid(), address(m), a != null, cp));
            if (a != null && a.hasNonNull("node")) ids.add(a.get("node").asText());
        }
        return new View(List.copyOf(live), List.copyOf(described), List.copyOf(ids),
                Set.copyOf(CpHealPlan.aliveCpIdentities(described)), localCp);
    }

    /** Puts this node's announcement into the map when it changed (or {@code force}, or every ten seconds). */
    void publish(HazelcastInstance hz, QuorumSnapshot snapshot, UUID localCp, boolean force) {
        ObjectNode info = JSON.createObjectNode();
        info.put("node", nodeId);
        info.put("http", httpAddress);
        info.put("hz", address(hz.getCluster().getLocalMember()));
        info.put("role", role);
        if (localCp != null) info.put("cp_uuid", localCp.toString());
        if (lastCheckId != null) info.put("check_id", lastCheckId);
        info.set("quorum", JSON.valueToTree(snapshot.at(0)));
        String stable = info.toString();
        long now = System.currentTimeMillis();
        if (!force && stable.equals(lastPublished) && now - lastPublishedAt < REPUBLISH_MILLIS) return;
        info.set("quorum", JSON.valueToTree(snapshot));
        hz.getReplicatedMap(MEMBERS_MAP).put(hz.getCluster().getLocalMember().getUuid().toString(), info.toString());
        lastPublished = stable;
        lastPublishedAt = now;
    }

    /** The next announcement answers quorum check {@code checkId}. */
    void answered(String checkId) {
        lastCheckId = checkId;
    }

    /** Drops the announcements of members that are gone (the oldest member does it). */
    void removeGone(HazelcastInstance hz, List<Member> live) {
        ReplicatedMap<String, String> members = hz.getReplicatedMap(MEMBERS_MAP);
        Set<String> liveKeys = new HashSet<>();
        for (Member m : live) liveKeys.add(m.getUuid().toString());
        for (String k : members.keySet()) {
            if (!liveKeys.contains(k)) members.remove(k);
        }
    }

    /**
     * Asks every member to refresh (a message on {@value #CHECK_TOPIC}) and waits until each has announced an answer to
     * this check or {@code timeoutMillis} passed. Members that did not answer get 504 with their last snapshot.
     */
    static List<CheckResult> collect(HazelcastInstance hz, long timeoutMillis) {
        String checkId = UUID.randomUUID().toString();
        hz.<String>getTopic(CHECK_TOPIC).publish(checkId);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        List<Member> live = new ArrayList<>(hz.getCluster().getMembers());
        Map<UUID, JsonNode> answers = Map.of();
        while (true) {
            Map<UUID, JsonNode> now = read(hz, live);
            now.values().removeIf(a -> !checkId.equals(a.path("check_id").asText()));
            answers = now;
            if (answers.size() >= live.size() || System.nanoTime() - deadline > 0) break;
            try {
                Thread.sleep(50);   // polling other members' announcements; there is nothing to wait on locally
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Map<UUID, JsonNode> known = read(hz, live);
        List<CheckResult> results = new ArrayList<>();
        for (Member m : live) {
            JsonNode answer = answers.get(m.getUuid());
            JsonNode last = answer != null ? answer : known.get(m.getUuid());
            String key = last != null && last.hasNonNull("node") ? last.get("node").asText() : m.getUuid().toString();
            String message = answer != null ? "quorum updated on " + key
                    : "no answer from member " + address(m) + " within " + timeoutMillis + " ms";
            results.add(new CheckResult(key, answer != null ? 200 : 504, message, snapshotOf(last)));
        }
        return results;
    }

    private static QuorumSnapshot snapshotOf(JsonNode announcement) {
        if (announcement == null || !announcement.path("quorum").isObject()) return null;
        try {
            return JSON.treeToValue(announcement.get("quorum"), QuorumSnapshot.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;   // an announcement of another version; the check result goes without a snapshot
        }
    }

    private static Map<UUID, JsonNode> read(HazelcastInstance hz, List<Member> live) {
        Map<UUID, JsonNode> out = new LinkedHashMap<>();
        ReplicatedMap<String, String> members = hz.getReplicatedMap(MEMBERS_MAP);
        for (Member m : live) {
            String info = members.get(m.getUuid().toString());
            if (info == null) continue;
            try {
                out.put(m.getUuid(), JSON.readTree(info));
            } catch (JsonProcessingException e) {
                // a half-written announcement; the next one will do
            }
        }
        return out;
    }

    static String address(Member m) {
        return m.getAddress().getHost() + ":" + m.getAddress().getPort();
    }
}
