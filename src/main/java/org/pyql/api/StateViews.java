package org.pyql.api;

import org.pyql.state.ClusterEntity;
import org.pyql.state.EndpointEntity;
import org.pyql.state.JobEntity;
import org.pyql.state.MetadataEntity;
import org.pyql.state.NodeEntity;
import org.pyql.state.ReplicaEntity;
import org.pyql.state.TableEntity;

/**
 * What {@code GET /pyql/state/{kind}} shows of each row: an allowlist per kind, as records. A field added to an
 * entity stays on the server until it is added here on purpose, so a new secret can never leak by default (an
 * endpoint's service token, for one, is not listed). Names are the entities' field names, as the API showed before.
 */
final class StateViews {
    private StateViews() {
    }

    record NodeView(String id, long version, boolean deleted, long updatedAt, String updatedBy, String httpAddress,
                    String hzAddress, String role, long joinedAt) {
    }

    record ClusterView(String id, long version, boolean deleted, long updatedAt, String updatedBy, String name,
                       String owner, String access, long createdAt) {
    }

    record EndpointView(String id, long version, boolean deleted, long updatedAt, String updatedBy, String clusterId,
                        String dbName, String path, String name) {
    }

    record TableView(String id, long version, boolean deleted, long updatedAt, String updatedBy, String clusterId,
                     String name, String config, boolean consistency, boolean paused) {
    }

    record ReplicaView(String id, long version, boolean deleted, long updatedAt, String updatedBy, String clusterId,
                       String tableName, String endpointId, String state, boolean inSync) {
    }

    record JobView(String id, long version, boolean deleted, long updatedAt, String updatedBy, String name,
                   String type, String status, String node, String action, String config, Long startTime,
                   Long nextRunTime, String lastError) {
    }

    /** The view of {@code e}; a kind without a view here is refused rather than shown whole. */
    static Record of(MetadataEntity e) {
        if (e instanceof NodeEntity n) {
            return new NodeView(n.getId(), n.getVersion(), n.isDeleted(), n.getUpdatedAt(), n.getUpdatedBy(),
                    n.getHttpAddress(), n.getHzAddress(), n.getRole(), n.getJoinedAt());
        }
        if (e instanceof ClusterEntity c) {
            return new ClusterView(c.getId(), c.getVersion(), c.isDeleted(), c.getUpdatedAt(), c.getUpdatedBy(),
                    c.getName(), c.getOwner(), c.getAccess(), c.getCreatedAt());
        }
        if (e instanceof EndpointEntity p) {
            return new EndpointView(p.getId(), p.getVersion(), p.isDeleted(), p.getUpdatedAt(), p.getUpdatedBy(),
                    p.getClusterId(), p.getDbName(), p.getPath(), p.getName());
        }
        if (e instanceof TableEntity t) {
            return new TableView(t.getId(), t.getVersion(), t.isDeleted(), t.getUpdatedAt(), t.getUpdatedBy(),
                    t.getClusterId(), t.getName(), t.getConfig(), t.isConsistency(), t.isPaused());
        }
        if (e instanceof ReplicaEntity r) {
            return new ReplicaView(r.getId(), r.getVersion(), r.isDeleted(), r.getUpdatedAt(), r.getUpdatedBy(),
                    r.getClusterId(), r.getTableName(), r.getEndpointId(), r.getState(), r.isInSync());
        }
        if (e instanceof JobEntity j) {
            return new JobView(j.getId(), j.getVersion(), j.isDeleted(), j.getUpdatedAt(), j.getUpdatedBy(),
                    j.getName(), j.getType(), j.getStatus(), j.getNode(), j.getAction(), j.getConfig(),
                    j.getStartTime(), j.getNextRunTime(), j.getLastError());
        }
        throw new IllegalArgumentException("no API view for " + e.getClass().getSimpleName());
    }
}
