/**
 * Writes of the data path: one {@link org.pyql.cluster.write.TableSequencer} per table on the node that holds the
 * table's CP lock (group commit, consecutive seqs, terms, fan-out to every in-sync replica, marking replicas out of
 * sync through the CP replica set before any client is answered), forwarding from other nodes
 * ({@link org.pyql.cluster.write.LeaderForwarder}), idempotency keys and the resolution of non-deterministic values.
 * The protocol and its failure table: {@code org/pyql/cluster/DESIGN.md}.
 */
package org.pyql.cluster.write;
