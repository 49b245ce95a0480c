package org.pyql.coordination;

import java.util.Optional;

/**
 * The record of the {@code pyql} system cluster, which every cluster node belongs to. Coordination asks for its id once
 * the node has loaded the cluster state, and keeps it in the local state DB so that a restart rejoins without a join
 * token ({@link JoinDecision}). The record itself is the cluster package's business
 * ({@code org.pyql.cluster.SystemClusterBootstrap}); this interface points the dependency that way.
 */
public interface SystemClusterRecord {
    /**
     * The system cluster's id; on an init node ({@code init}) the record is created first when it does not exist yet.
     * Empty while there is none (a joining node waits for the init node's record).
     */
    Optional<String> ensure(boolean init);
}
