/**
 * A data endpoint joining a data cluster by itself ({@code PYQL_TYPE=K8S}, see
 * {@link org.pyql.config.AutoJoinSettings}): at every start, for each database, {@code POST
 * {PYQL_CLUSTER_SVC}/cluster/{name}/join} with the join token, offering the database's identity, the path and a fresh
 * service token the cluster calls this endpoint with, and (for {@code init}) its tables. In the background, retried with
 * backoff until the cluster accepts; the endpoint serves its own routes meanwhile.
 */
package org.pyql.endpoint.join;
