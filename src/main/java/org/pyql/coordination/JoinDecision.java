package org.pyql.coordination;

import java.util.Optional;

import com.hazelcast.core.HazelcastInstance;

import org.pyql.config.ClusterSettings;
import org.pyql.state.MetadataEntity;
import org.pyql.state.StateStore;

/**
 * Whether this node may take part in the cluster, decided once its member has joined: a data directory that already
 * belongs to the cluster rejoins; otherwise {@code PYQL_CLUSTER_ACTION=init} and {@code join} are checked by the
 * {@link JoinTokenVerifier} against the cluster's own state maps (read directly: the node is not admitted yet, so it
 * has not loaded or attached the state).
 */
final class JoinDecision {
    private JoinDecision() {
    }

    static JoinTokenVerifier.Result decide(StateStore store, ClusterSettings settings, String initAdminPassword,
                                           JoinTokenVerifier verifier, HazelcastInstance hz) {
        Optional<String> known = store.setting(NodeRegistry.SETTING_CLUSTER_ID);
        if (known.isPresent()) {
            return JoinTokenVerifier.Result.accept("rejoining cluster " + known.get() + " (this data directory belongs to it)");
        }
        JoinTokenVerifier.ClusterReader cluster = reader(hz);
        if (settings.action() == ClusterSettings.Action.INIT) return verifier.verifyInit(initAdminPassword, cluster);
        return verifier.verify(settings.joinToken(), settings, cluster);
    }

    /** Live rows of the cluster's state maps (tombstones read as absent). */
    static JoinTokenVerifier.ClusterReader reader(HazelcastInstance hz) {
        return new JoinTokenVerifier.ClusterReader() {
            @Override
            public <E extends MetadataEntity> Optional<E> get(StateKind<E> kind, String id) {
                String json = hz.<String, String>getMap(kind.mapName()).get(id);
                if (json == null) return Optional.empty();
                E e = StateJson.read(kind.type(), json);
                return e.isDeleted() ? Optional.empty() : Optional.of(e);
            }
        };
    }
}
