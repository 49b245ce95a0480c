package org.pyql.coordination;

import java.util.List;

import org.pyql.state.ClusterEntity;
import org.pyql.state.EndpointEntity;
import org.pyql.state.JobEntity;
import org.pyql.state.JoinTokenEntity;
import org.pyql.state.KeyRingEntity;
import org.pyql.state.UserEntity;
import org.pyql.state.MetadataEntity;
import org.pyql.state.NodeEntity;
import org.pyql.state.ReplicaEntity;
import org.pyql.state.TableEntity;

/** One kind of replicated metadata: its entity class and the Hazelcast map holding the live copy. */
public final class StateKind<E extends MetadataEntity> {
    public static final StateKind<NodeEntity> NODES = new StateKind<>("nodes", NodeEntity.class);
    public static final StateKind<ClusterEntity> CLUSTERS = new StateKind<>("clusters", ClusterEntity.class);
    public static final StateKind<EndpointEntity> ENDPOINTS = new StateKind<>("endpoints", EndpointEntity.class);
    public static final StateKind<TableEntity> TABLES = new StateKind<>("tables", TableEntity.class);
    public static final StateKind<ReplicaEntity> REPLICAS = new StateKind<>("replicas", ReplicaEntity.class);
    public static final StateKind<JobEntity> JOBS = new StateKind<>("jobs", JobEntity.class);
    public static final StateKind<UserEntity> USERS = new StateKind<>("users", UserEntity.class);
    public static final StateKind<JoinTokenEntity> JOIN_TOKENS = new StateKind<>("join_tokens", JoinTokenEntity.class);
    public static final StateKind<KeyRingEntity> KEYS = new StateKind<>("keys", KeyRingEntity.class);

    public static final List<StateKind<?>> ALL = List.of(NODES, CLUSTERS, ENDPOINTS, TABLES, REPLICAS, JOBS, USERS,
            JOIN_TOKENS, KEYS);

    private final String name;
    private final Class<E> type;

    private StateKind(String name, Class<E> type) {
        this.name = name;
        this.type = type;
    }

    public String name() { return name; }

    /** Users (password hashes), join tokens and signing keys are never served by the state API. */
    public boolean secret() {
        return this == USERS || this == JOIN_TOKENS || this == KEYS;
    }

    public Class<E> type() { return type; }

    /** {@code pyql.state.<name>}: matched by the {@code pyql.state.*} map configuration (backups on every member). */
    public String mapName() { return "pyql.state." + name; }

    public static StateKind<?> byName(String name) {
        for (StateKind<?> k : ALL) {
            if (k.name.equals(name)) return k;
        }
        throw new IllegalArgumentException("unknown state kind " + name);
    }

    @Override
    public String toString() { return name; }
}
