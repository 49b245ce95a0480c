/**
 * Data clusters: who owns them and who they are shared with ({@link org.pyql.cluster.ClusterAccess}), endpoints
 * joining them with a join token, and (next) routing, write sequencing, read balancing and resync. Cluster names are
 * unique per owner; every lookup goes through the caller's view, so a cluster that is not visible is simply not found.
 */
package org.pyql.cluster;
