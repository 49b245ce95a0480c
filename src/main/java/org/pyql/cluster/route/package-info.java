/**
 * Routing of the data path: resolving a cluster name for a caller and a table within it from an in-memory index kept
 * current by state-change generations ({@link org.pyql.cluster.route.ClusterIndex}, no map scan per request), the
 * keep-alive HTTP client to data endpoints ({@link org.pyql.cluster.route.EndpointClient}), and read balancing over
 * in-sync replicas ({@link org.pyql.cluster.route.ReadRouter}). See {@code org/pyql/cluster/DESIGN.md}.
 */
package org.pyql.cluster.route;
