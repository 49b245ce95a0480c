package org.pyql.api;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pyql.coordination.CheckResult;
import org.pyql.coordination.CpRoles;
import org.pyql.coordination.QuorumSnapshot;

/**
 * The quorum document, rendered from a {@link QuorumSnapshot} (the original's keys first): {@code node, ready,
 * in_quorum, health, nodes:{nodes:[...]}, missing:{nodes:[{uuid,time}]}, last_update_time}, then {@code reason, role,
 * cp:{...}, hazelcast:{...}}. Times are epoch seconds. {@code health} is {@code healthy} when ready, {@code healing} in
 * quorum but not ready, else {@code unhealthy}.
 */
final class QuorumView {
    private QuorumView() {
    }

    static ObjectNode document(QuorumSnapshot s) {
        ObjectNode doc = JsonProvider.MAPPER.createObjectNode();
        doc.put("node", s.node());
        doc.put("ready", s.ready());
        doc.put("in_quorum", s.inQuorum());
        doc.put("health", s.ready() ? "healthy" : s.inQuorum() ? "healing" : "unhealthy");
        ArrayNode live = doc.putObject("nodes").putArray("nodes");
        s.liveNodes().forEach(live::add);
        ArrayNode missing = doc.putObject("missing").putArray("nodes");
        for (QuorumSnapshot.MissingNode m : s.missing()) {
            missing.addObject().put("uuid", m.uuid()).put("time", m.sinceMillis() / 1000.0);
        }
        doc.put("last_update_time", s.timeMillis() / 1000.0);
        doc.put("reason", s.reason());
        if (s.role() != null) doc.put("role", s.role());
        QuorumSnapshot.Cp c = s.cp();
        ObjectNode cp = doc.putObject("cp");
        cp.put("mode", c.mode());
        cp.put("member_count", c.memberCount());
        cp.put("discovery_completed", c.discoveryCompleted());
        cp.put("members", c.members());
        cp.put("members_present", c.membersPresent());
        cp.put("local_member", c.localCpUuid() != null);
        if (c.localCpUuid() != null) cp.put("local_cp_uuid", c.localCpUuid());
        if (c.membersListed() >= 0) cp.put("cp_members_listed", c.membersListed());
        if (c.lastOkMillis() > 0) cp.put("last_ok_time", c.lastOkMillis() / 1000.0);
        if (c.lastFailure() != null) cp.put("last_failure", c.lastFailure());
        if (c.callsSampled() > 0) {
            cp.put("call_p50_ms", c.callP50Micros() / 1000.0);
            cp.put("call_p99_ms", c.callP99Micros() / 1000.0);
            cp.put("calls_sampled", c.callsSampled());
        }
        QuorumSnapshot.Hazelcast h = s.hazelcast();
        if (h != null) {
            ObjectNode hz = doc.putObject("hazelcast");
            hz.put("cluster", h.cluster());
            hz.put("members", h.members());
            hz.put("local", h.local());
            hz.put("embedded", h.embedded());
        }
        return doc;
    }

    /**
     * {@code {"node", "mode", "metadata_leader", "failure", "nodes": [{"node", "address", "cp_uuid", "cp_member",
     * "metadata"}]}}: each live node's CP role.
     */
    static ObjectNode cpRoles(CpRoles roles) {
        ObjectNode out = JsonProvider.MAPPER.createObjectNode();
        out.put("node", roles.node());
        out.put("mode", roles.mode());
        out.put("metadata_leader", roles.metadataLeader());
        out.put("failure", roles.failure());
        ArrayNode nodes = out.putArray("nodes");
        for (CpRoles.NodeRole n : roles.nodes()) {
            ObjectNode o = nodes.addObject();
            o.put("node", n.node());
            o.put("address", n.address());
            o.put("cp_uuid", n.cpUuid());
            if (n.cpMember() == null) o.putNull("cp_member");
            else o.put("cp_member", n.cpMember());
            o.put("metadata", n.metadata());
        }
        return out;
    }

    /** {@code {node id: {"status", "content": {"message", "quorum"}}}}: the members' answers to a quorum check. */
    static ObjectNode checkResults(List<CheckResult> results) {
        ObjectNode out = JsonProvider.MAPPER.createObjectNode();
        for (CheckResult r : results) {
            ObjectNode entry = out.putObject(r.node() == null ? "unknown" : r.node());
            entry.put("status", r.status());
            ObjectNode content = entry.putObject("content");
            content.put("message", r.message());
            if (r.quorum() != null) content.set("quorum", document(r.quorum()));
        }
        return out;
    }
}
