/**
 * Endpoints and tables joining a data cluster: the join request ({@link org.pyql.cluster.join.JoinRequest}, validated
 * once), wiring an endpoint's tables into the cluster ({@link org.pyql.cluster.join.EndpointJoin}: a table the cluster
 * lacks joins with its rows and the joiner as its first in-sync replica; a table the cluster has is never
 * overwritten, the joiner becomes a new, out-of-sync replica of it), and tables created through the cluster
 * ({@link org.pyql.cluster.join.TableCreation}, sequenced like any other write).
 */
package org.pyql.cluster.join;
