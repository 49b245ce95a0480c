/**
 * Healing of data-cluster replicas: the health checker that notices replicas out of sync (failed, returned, lagging,
 * new) on the tables this node sequences, catch-up by replaying an in-sync donor's replication log through the
 * target's sequenced apply, and the bounded cutover on the table's sequencer thread that marks the replica in sync
 * by compare-and-set. See {@code cluster/DESIGN.md}, "Healing".
 */
package org.pyql.cluster.heal;
