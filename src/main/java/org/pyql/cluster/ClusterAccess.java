package org.pyql.cluster;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pyql.auth.Caller;
import org.pyql.error.ConflictException;
import org.pyql.error.ForbiddenException;
import org.pyql.error.NotFoundException;
import org.pyql.state.ClusterEntity;

/**
 * The tenancy rule in one place: a caller sees a cluster it owns, one shared with it (read or write), or any cluster
 * when it is an admin; everything else is "not found". Shares are kept on the cluster as {@code {"<user id>": "read"}}.
 */
public final class ClusterAccess {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClusterAccess() {
    }

    public static Access of(Caller caller, ClusterEntity cluster) {
        if (caller.id().equals(cluster.getOwner())) return Access.OWNER;
        String shared = shares(cluster).get(caller.id());
        if (shared != null) return Access.grantable(shared);
        return caller.isAdmin() ? Access.OWNER : null;
    }

    /** The one cluster named {@code name} the caller can see (narrowed by owner when given); 404 or 409 if ambiguous. */
    public static ClusterEntity resolve(Caller caller, List<ClusterEntity> all, String name, String ownerId) {
        List<ClusterEntity> found = new ArrayList<>();
        for (ClusterEntity c : all) {
            if (c.getName().equals(name) && of(caller, c) != null && (ownerId == null || ownerId.equals(c.getOwner()))) {
                found.add(c);
            }
        }
        if (found.isEmpty()) throw new NotFoundException("cluster " + name + " not found");
        if (found.size() > 1) {
            ClusterEntity own = found.stream().filter(c -> caller.id().equals(c.getOwner())).findFirst().orElse(null);
            if (own != null && ownerId == null) return own;
            throw new ConflictException("cluster name " + name + " is ambiguous", "add ?owner=<username>");
        }
        return found.get(0);
    }

    public static void require(Caller caller, ClusterEntity cluster, Access needed) {
        Access a = of(caller, cluster);
        if (a == null) throw new NotFoundException("cluster " + cluster.getName() + " not found");
        if (!a.allows(needed)) {
            throw new ForbiddenException(needed.wire() + " access to cluster " + cluster.getName() + " required",
                    "you have " + a.wire() + " access");
        }
    }

    public static Map<String, String> shares(ClusterEntity cluster) {
        Map<String, String> out = new LinkedHashMap<>();
        String text = cluster.getAccess();
        if (text == null || text.isBlank()) return out;
        try {
            JsonNode node = JSON.readTree(text);
            if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.put(e.getKey(), e.getValue().asText());
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable share list on cluster " + cluster.getId(), e);
        }
        return out;
    }

    public static String sharesJson(Map<String, String> shares) {
        ObjectNode o = JSON.createObjectNode();
        shares.forEach(o::put);
        return o.toString();
    }
}
