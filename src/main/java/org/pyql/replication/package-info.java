/**
 * The wire format of sequenced replication: plain records that both {@code cluster} (the sequencer that sends them)
 * and {@code endpoint.replication} (the apply route that receives them) depend on, so neither depends on the other.
 * Serialised with Jackson in snake_case field names ({@code from_seq}, {@code applied_seq}). See
 * {@code org/pyql/cluster/DESIGN.md} for the protocol.
 */
package org.pyql.replication;
