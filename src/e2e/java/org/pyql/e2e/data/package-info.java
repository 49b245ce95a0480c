/**
 * End-to-end tests of the data path of data clusters ({@code /cluster/{c}/table/...}; the design is
 * {@code src/main/java/org/pyql/cluster/DESIGN.md}): real cluster nodes, real endpoint nodes on SQLite files and on the
 * real MariaDB, everything over HTTP.
 *
 * <ul>
 *   <li>{@link org.pyql.e2e.data.DataCluster}: the fixture (N cluster nodes, endpoint nodes with SQLite and/or MySQL
 *       databases, an owner with a user token and a join token; manual join as the README's curl, or an endpoint
 *       started with {@code PYQL_TYPE=K8S}; unique names per run; everything killed by pid and MySQL schemas dropped,
 *       also after a failed start). {@link org.pyql.e2e.data.SharedDataCluster} shares one across the classes that
 *       kill nothing.</li>
 *   <li>{@link org.pyql.e2e.data.ReplicaComparer}: reads each replica directly via {@code /db} with the endpoint's
 *       admin credential and compares every row (primary key order, canonical JSON), reporting the differing rows.</li>
 *   <li>{@link org.pyql.e2e.data.WriteHistory}: what was written and read, with the outcome of each write
 *       (ack / fail / unknown), and the checks: no acknowledged write lost, none applied twice, no refused write
 *       applied, no read that missed an acknowledged write, no seq given twice. {@link org.pyql.e2e.data.Seed}:
 *       {@code -Dpyql.e2e.seed=N} repeats a randomised run (the seed is printed at its start).</li>
 *   <li>{@link org.pyql.e2e.data.ClusterTable}, {@link org.pyql.e2e.data.WriteAnswer},
 *       {@link org.pyql.e2e.data.ReplicaState}: one table's routes, the write answer and the replica entry as tests
 *       check them.</li>
 * </ul>
 *
 * <p>Classes: {@code DataClusterStoryIT} (the README story on SQLite and MySQL, mixed back ends, K8S auto-join),
 * {@code WriteOrderIT}, {@code DataAuthorizationIT}, {@code IdempotencyIT} (all on the shared fixture: 3 cluster nodes,
 * 3 endpoints), {@code FaultIT} (own fixture, short seeded fault run) and {@code FaultLongIT} ({@code long} group).
 * Run: {@code mvn -B verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test='org.pyql.e2e.data.*IT'};
 * the long one with {@code -Plong -Dit.test=FaultLongIT}; repeat a seed with {@code -Dpyql.e2e.seed=N}.
 */
package org.pyql.e2e.data;
