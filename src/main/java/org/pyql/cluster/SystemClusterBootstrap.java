package org.pyql.cluster;

import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.coordination.ClusterStateService;
import org.pyql.coordination.StateKind;
import org.pyql.coordination.SystemClusterRecord;
import org.pyql.error.ConflictException;
import org.pyql.state.ClusterEntity;
import org.pyql.state.PrincipalEntity;
import org.pyql.state.StateStore;

/**
 * The {@code pyql} system cluster: the record every cluster node belongs to, owned by the bootstrap admin. An init node
 * creates it once it has loaded the cluster state; its id is fixed ({@value #ID}), so nodes that bootstrap together
 * create one record and the others get a conflict and find it. Coordination asks for it ({@link SystemClusterRecord})
 * and keeps the id, so a restarted node rejoins without a token.
 */
@ApplicationScoped
public class SystemClusterBootstrap implements SystemClusterRecord {
    private static final Logger LOG = Logger.getLogger(SystemClusterBootstrap.class.getName());
    public static final String NAME = "pyql";
    static final String ID = "c:" + NAME;

    private final ClusterStateService clusterState;
    private final StateStore store;

    /** For CDI's client proxy only. */
    protected SystemClusterBootstrap() {
        this(null, null);
    }

    @Inject
    public SystemClusterBootstrap(ClusterStateService clusterState, StateStore store) {
        this.clusterState = clusterState;
        this.store = store;
    }

    @Override
    public Optional<String> ensure(boolean init) {
        List<ClusterEntity> pyql = clusterState.list(StateKind.CLUSTERS, c -> NAME.equals(c.getName()));
        if (!pyql.isEmpty()) return Optional.of(pyql.get(0).getId());
        if (!init) return Optional.empty();
        String owner = store.principalByUsername("admin").map(PrincipalEntity::getId).orElse(null);
        try {
            ClusterEntity c = clusterState.create(StateKind.CLUSTERS, new ClusterEntity(ID, NAME, owner, "[]",
                    System.currentTimeMillis()));
            LOG.info(() -> "initialised the pyql cluster " + c.getId());
            return Optional.of(c.getId());
        } catch (ConflictException createdByAnotherInitNode) {
            return clusterState.list(StateKind.CLUSTERS, c -> NAME.equals(c.getName())).stream()
                    .map(ClusterEntity::getId).findFirst();
        }
    }
}
