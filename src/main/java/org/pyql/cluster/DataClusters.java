package org.pyql.cluster;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.auth.Caller;
import org.pyql.auth.TokenType;
import org.pyql.auth.UserService;
import org.pyql.cluster.join.EndpointJoin;
import org.pyql.cluster.join.JoinRequest;
import org.pyql.coordination.ClusterStateService;
import org.pyql.coordination.StateKind;
import org.pyql.error.AlreadyExistsException;
import org.pyql.error.BadRequestException;
import org.pyql.error.ConflictException;
import org.pyql.error.ForbiddenException;
import org.pyql.error.NotFoundException;
import org.pyql.json.JsonFields;
import org.pyql.state.ClusterEntity;
import org.pyql.state.EndpointEntity;
import org.pyql.state.UserEntity;

/**
 * Data clusters as metadata: create, list what the caller may see, share and unshare, delete, and endpoints joining
 * with a join token. Every change goes through {@link ClusterStateService} (quorum, optimistic versions).
 */
@ApplicationScoped
public class DataClusters {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @Inject
    private ClusterStateService state;
    @Inject
    private UserService users;
    @Inject
    private EndpointJoin endpointJoin;

    /** {@code label}: the caller's access as shown, {@code admin} where only the admin role grants it. */
    public record View(ClusterEntity cluster, Access access, String ownerName, String label) {
    }

    public ClusterEntity create(Caller caller, String name) {
        checkName(name);
        requireUserCredential(caller);
        try {
            return state.create(StateKind.CLUSTERS, new ClusterEntity(id(caller.id(), name), name, caller.id(), "{}",
                    System.currentTimeMillis()));
        } catch (AlreadyExistsException exists) {
            throw new ConflictException("cluster " + name + " already exists", "cluster names are unique per owner");
        }
    }

    public List<View> visible(Caller caller) {
        requireUserCredential(caller);
        return state.list(StateKind.CLUSTERS, c -> !"pyql".equals(c.getName())).stream()
                .map(c -> view(caller, c)).filter(v -> v.access() != null).toList();
    }

    public View get(Caller caller, String name, String ownerName) {
        requireUserCredential(caller);
        return view(caller, resolve(caller, name, ownerName));
    }

    private View view(Caller caller, ClusterEntity c) {
        Access access = ClusterAccess.of(caller, c);
        boolean byRoleOnly = access == Access.OWNER && !caller.id().equals(c.getOwner());
        return new View(c, access, users.byUid(c.getOwner()).map(UserEntity::getUsername).orElse(c.getOwner()),
                access == null ? null : byRoleOnly ? "admin" : access.wire());
    }

    public void share(Caller caller, String name, String ownerName, JsonNode body) {
        requireUserCredential(caller);
        ClusterEntity c = resolve(caller, name, ownerName);
        ClusterAccess.require(caller, c, Access.OWNER);
        String username = JsonFields.requiredText(body, "username");
        Access level = Access.grantable(JsonFields.requiredText(body, "access"));
        UserEntity target = users.find(username).orElseThrow(() -> new NotFoundException("user " + username + " not found"));
        if (target.getUid().equals(c.getOwner())) throw new BadRequestException("the owner already has full access");
        state.modify(StateKind.CLUSTERS, c.getId(), e -> {
            Map<String, String> shares = ClusterAccess.shares(e);
            shares.put(target.getUid(), level.wire());
            e.setAccess(ClusterAccess.sharesJson(shares));
        });
    }

    public void unshare(Caller caller, String name, String ownerName, String username) {
        requireUserCredential(caller);
        ClusterEntity c = resolve(caller, name, ownerName);
        ClusterAccess.require(caller, c, Access.OWNER);
        UserEntity target = users.find(username).orElseThrow(() -> new NotFoundException("user " + username + " not found"));
        if (!ClusterAccess.shares(c).containsKey(target.getUid())) {
            throw new NotFoundException("cluster " + name + " is not shared with " + username);
        }
        state.modify(StateKind.CLUSTERS, c.getId(), e -> {
            Map<String, String> shares = ClusterAccess.shares(e);
            shares.remove(target.getUid());
            e.setAccess(ClusterAccess.sharesJson(shares));
        });
    }

    public void delete(Caller caller, String name, String ownerName) {
        requireUserCredential(caller);
        ClusterEntity c = resolve(caller, name, ownerName);
        ClusterAccess.require(caller, c, Access.OWNER);
        for (EndpointEntity e : state.list(StateKind.ENDPOINTS, e -> c.getId().equals(e.getClusterId()))) {
            state.delete(StateKind.ENDPOINTS, e);
        }
        for (org.pyql.state.TableEntity t : state.list(StateKind.TABLES, t -> c.getId().equals(t.getClusterId()))) {
            state.delete(StateKind.TABLES, t);
        }
        for (org.pyql.state.ReplicaEntity r : state.list(StateKind.REPLICAS, r -> c.getId().equals(r.getClusterId()))) {
            state.delete(StateKind.REPLICAS, r);
        }
        state.delete(StateKind.CLUSTERS, c);
    }

    public List<EndpointEntity> endpoints(Caller caller, String name, String ownerName) {
        requireUserCredential(caller);
        ClusterEntity c = resolve(caller, name, ownerName);
        ClusterAccess.require(caller, c, Access.READ);
        return state.list(StateKind.ENDPOINTS, e -> c.getId().equals(e.getClusterId()));
    }

    /**
     * An endpoint joins (or re-joins with a new path/token) the join token owner's cluster {@code name}, created when
     * missing; so a join token can never add an endpoint to someone else's cluster. Its tables are wired in by
     * {@link EndpointJoin}.
     */
    public JoinResult join(Caller caller, String name, JsonNode body) {
        if (caller.type() != TokenType.JOIN) throw new ForbiddenException("joining a cluster needs a join token");
        checkName(name);
        JoinRequest request = JoinRequest.parse(body);
        ClusterEntity cluster = state.get(StateKind.CLUSTERS, id(caller.id(), name)).orElseGet(() -> {
            try {
                return state.create(StateKind.CLUSTERS, new ClusterEntity(id(caller.id(), name), name, caller.id(), "{}",
                        System.currentTimeMillis()));
            } catch (ConflictException race) {
                return state.get(StateKind.CLUSTERS, id(caller.id(), name)).orElseThrow(() -> race);
            }
        });
        return new JoinResult(cluster, endpointJoin.wire(cluster, request));
    }

    /** The cluster joined and the tables the endpoint added to it. */
    public record JoinResult(ClusterEntity cluster, List<String> tablesAdded) {
    }

    private ClusterEntity resolve(Caller caller, String name, String ownerName) {
        String ownerId = null;
        if (ownerName != null) {
            ownerId = users.find(ownerName).map(UserEntity::getUid)
                    .orElseThrow(() -> new NotFoundException("cluster " + name + " not found"));
        }
        return ClusterAccess.resolve(caller, state.list(StateKind.CLUSTERS, c -> !"pyql".equals(c.getName())), name, ownerId);
    }

    /** Clusters are managed by people (Basic or user tokens): never by a join or service token. */
    private static void requireUserCredential(Caller caller) {
        if (caller.type() != TokenType.USER) {
            throw new ForbiddenException("a " + caller.type().claim() + " token cannot manage clusters",
                    "use Basic or a user token");
        }
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new BadRequestException("invalid cluster name", "1-64 characters of A-Z a-z 0-9 _ -");
        }
        if (name.equals("pyql")) throw new BadRequestException("cluster name pyql is reserved");
    }

    public static String id(String ownerId, String name) {
        return "c:" + ownerId + ":" + name;
    }
}
