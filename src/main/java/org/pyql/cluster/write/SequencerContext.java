package org.pyql.cluster.write;

import org.pyql.cluster.route.ClusterIndex;
import org.pyql.cluster.route.EndpointClient;
import org.pyql.coordination.DataPlaneCp;

/**
 * What every table sequencer of a node shares: CP access, the replica sets, routing, the endpoint client, and the
 * metrics each settled batch is reported to.
 */
record SequencerContext(DataPlaneCp cp, ReplicaSetStore store, ClusterIndex index, EndpointClient client,
                        IdempotencyKeys idempotency, TableLeaders leaders, org.pyql.metrics.PyqlMetrics metrics) {
}
