/**
 * Network partitions: cluster nodes in network namespaces of their own ({@link org.pyql.e2e.partition.NetnsNetwork},
 * {@link org.pyql.e2e.partition.PartitionCluster}: iproute2's {@code ip netns}, veth pairs and a bridge, all made by
 * the test), cut off and healed while the test reads and writes through every node. Needs root; in CI
 * ({@code CI=true}) a missing namespace capability fails the tests instead of skipping them.
 */
package org.pyql.e2e.partition;
