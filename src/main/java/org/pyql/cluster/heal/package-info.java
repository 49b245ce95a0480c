/**
 * Healing of data-cluster replicas: the health checker that notices replicas out of sync (failed, returned, lagging,
 * new) on the tables this node sequences, catch-up by replaying an in-sync donor's replication log through the
 * target's sequenced apply, and the bounded cutover on the table's sequencer thread that marks the replica in sync
 * by compare-and-set; the snapshot copy for replicas the log cannot bring back; the durable job queue and its views;
 * recovery of a table with no replica in sync; eviction of stale or dead endpoints (admin call, or after
 * {@code PYQL_ENDPOINT_EVICT_AFTER_SECONDS} of silence). See {@code cluster/DESIGN.md}, "Healing".
 */
package org.pyql.cluster.heal;
