package org.pyql.coordination;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.CPGroup;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.CPSubsystemManagementService;

/**
 * Each live cluster node's role in the CP subsystem, as this node sees it now ({@code GET /pyql/quorum/cp}, the
 * console's node list): whether it is a CP member and whether it is the leader or a follower of the METADATA group
 * (whose majority is the cluster's quorum). Members and METADATA group come from two CP calls; the leader is what this
 * node's own METADATA Raft node knows, so it is known on METADATA members only ({@code metadata} is {@code "member"}
 * where it is not known). Nodes are mapped to CP members through their announcements ({@link MemberAnnouncements}).
 *
 * @param mode            {@code cp}, {@code unsafe} (CP member count 0: no CP roles) or {@code unknown} (not running)
 * @param metadataLeader  the METADATA leader's CP uuid, or null when not known here
 * @param failure         why the CP calls failed (then every role is unknown), or null
 */
public record CpRoles(String node, String mode, String metadataLeader, List<NodeRole> nodes, String failure) {
    private static final Logger LOG = Logger.getLogger(CpRoles.class.getName());
    private static final long CALL_TIMEOUT_MILLIS = 3000;

    /**
     * One live cluster node.
     *
     * @param cpUuid    its CP member uuid (null: not a CP member, or not announced yet)
     * @param cpMember  whether it is in the CP member list (null when the list could not be read)
     * @param metadata  {@code leader}, {@code follower}, {@code member} (leader not known here) or null (not in METADATA)
     */
    public record NodeRole(String node, String address, String cpUuid, Boolean cpMember, String metadata) {
    }

    static CpRoles notRunning(String nodeId) {
        return new CpRoles(nodeId, "unknown", null, List.of(), "the Hazelcast member is not running");
    }

    /** Reads the roles with two CP calls of at most {@value #CALL_TIMEOUT_MILLIS} ms each. */
    static CpRoles read(HazelcastInstance hz, String nodeId) {
        boolean cp = hz.getConfig().getCPSubsystemConfig().getCPMemberCount() > 0;
        CPSubsystemManagementService mgmt = hz.getCPSubsystem().getCPSubsystemManagementService();
        Set<UUID> cpMembers = null;
        Set<UUID> metadata = null;
        String failure = null;
        if (cp) {
            try {
                cpMembers = new HashSet<>();
                for (CPMember m : CpCalls.await(mgmt.getCPMembers(), CALL_TIMEOUT_MILLIS)) cpMembers.add(m.getUuid());
                CPGroup group = CpCalls.await(mgmt.getCPGroup(CPGroup.METADATA_CP_GROUP_NAME), CALL_TIMEOUT_MILLIS);
                metadata = new HashSet<>();
                if (group != null) for (CPMember m : group.members()) metadata.add(m.getUuid());
            } catch (RuntimeException e) {
                cpMembers = null;
                metadata = null;
                failure = CpCalls.describe(e);
            }
        }
        UUID leader = cp && metadata != null ? metadataLeader(hz) : null;
        CPMember localCp = cp ? mgmt.getLocalCPMember() : null;
        List<NodeRole> nodes = new ArrayList<>();
        for (Member m : hz.getCluster().getMembers()) {
            String id;
            UUID cpUuid;
            if (m.localMember()) {
                id = nodeId;
                cpUuid = localCp == null ? null : localCp.getUuid();
            } else {
                JsonNode a = announcement(hz, m);
                id = a != null && a.hasNonNull("node") ? a.get("node").asText() : null;
                cpUuid = a != null && a.hasNonNull("cp_uuid") ? UUID.fromString(a.get("cp_uuid").asText()) : null;
            }
            Boolean member = !cp ? Boolean.FALSE : cpMembers == null ? null : cpUuid != null && cpMembers.contains(cpUuid);
            String role = null;
            if (metadata != null && cpUuid != null && metadata.contains(cpUuid)) {
                role = leader == null ? "member" : leader.equals(cpUuid) ? "leader" : "follower";
            }
            nodes.add(new NodeRole(id, MemberAnnouncements.address(m), cpUuid == null ? null : cpUuid.toString(), member,
                    role));
        }
        return new CpRoles(nodeId, cp ? "cp" : "unsafe", leader == null ? null : leader.toString(), List.copyOf(nodes),
                failure);
    }

    private static JsonNode announcement(HazelcastInstance hz, Member m) {
        Object raw = hz.getReplicatedMap(MemberAnnouncements.MEMBERS_MAP).get(m.getUuid().toString());
        if (!(raw instanceof String s)) return null;
        try {
            return MemberAnnouncements.JSON.readTree(s);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * The METADATA group's leader as this node's Raft node for the group knows it (null when this node is not in the
     * group or the leader is being elected). Hazelcast's API names no leader, so this reads its CP service (internal
     * classes of the Hazelcast the node runs); if they are not reachable the leader is reported unknown.
     */
    private static UUID metadataLeader(HazelcastInstance hz) {
        try {
            HazelcastInstance original = hz instanceof com.hazelcast.instance.impl.HazelcastInstanceProxy p
                    ? p.getOriginal() : hz;
            if (!(original instanceof com.hazelcast.instance.impl.HazelcastInstanceImpl impl)) return null;
            com.hazelcast.cp.internal.RaftService raft = impl.node.getNodeEngine()
                    .getService(com.hazelcast.cp.internal.RaftService.SERVICE_NAME);
            var raftNode = raft.getRaftNode(raft.getMetadataGroupId());
            var leader = raftNode == null ? null : raftNode.getLeader();
            return leader == null ? null : leader.getUuid();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "METADATA leader not readable", e);
            return null;
        }
    }
}
