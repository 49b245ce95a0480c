package org.pyql.cluster.route;

/**
 * Endpoint ids in the cluster state: one database (its uuid) may join several clusters, so the state row of an
 * endpoint is {@code <cluster id>/<database uuid>}; within a cluster the uuid alone names the replica.
 */
public final class EndpointIds {
    private EndpointIds() {
    }

    public static String of(String clusterId, String dbUuid) {
        return clusterId + "/" + dbUuid;
    }

    public static String dbUuid(String endpointRowId) {
        return endpointRowId.substring(endpointRowId.lastIndexOf('/') + 1);
    }
}
