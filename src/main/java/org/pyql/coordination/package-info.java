/**
 * Cluster nodes: Hazelcast membership, CP quorum, readiness and the replicated cluster metadata. {@code DESIGN.md} in
 * this package describes the request path, the threads and what each owns, the failure table and the trade-offs.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link org.pyql.coordination.Coordination}: the CDI adapter; builds the node's
 *       {@link org.pyql.coordination.NodeLifecycle} (start, join decision, the maintenance tick on one serial
 *       executor) and holds the published {@link org.pyql.coordination.QuorumSnapshot}.</li>
 *   <li>{@link org.pyql.coordination.CpProbe} (CP round trips on their own thread),
 *       {@link org.pyql.coordination.CpHealer} (CP membership; admin calls on their own thread),
 *       {@link org.pyql.coordination.NodeRegistry} (state load, registration, missing nodes),
 *       {@link org.pyql.coordination.MemberAnnouncements} (what members tell each other).</li>
 *   <li>{@link org.pyql.coordination.QuorumService}: what other code asks: {@code inQuorum()}, {@code ready()},
 *       {@code requireQuorum()}, {@code requireWritable()} (503 {@link org.pyql.error.NotInQuorumException}
 *       with the snapshot).</li>
 *   <li>{@link org.pyql.coordination.ClusterStateService}: the only way to read and write cluster metadata ({@link
 *       org.pyql.coordination.StateKind}); {@link org.pyql.coordination.CpCalls}: CP calls that survive a leader
 *       change; {@link org.pyql.coordination.HazelcastMember}: the member handle, whose raw instance only this package
 *       sees.</li>
 * </ul>
 *
 * <h2>Quorum</h2>
 * With 3 or more configured members the CP subsystem has 3 members (quorum = 2); with fewer it runs in unsafe mode,
 * announced at start. A node is in quorum when (a) a majority of the METADATA CP group's members is in the current
 * member list (a killed member leaves the list within about a second) and (b) a linearizable CP read succeeded within
 * the last 8 s (so a CP leader election, about 4-5 s, does not flap readiness). Without quorum every state-changing or
 * cluster-data request answers {@code 503 {"error": "not in quorum", "detail", "quorum": {...}}}; reads of cluster
 * state still answer.
 *
 * <h2>CP healing (the application owns it)</h2>
 * Nodes run with {@code -Dhazelcast.cp-subsystem.auto-promote=false}: Payara's own promotion raced with this one. The
 * oldest member removes CP seats of members that are gone (at once when a restarted member at the same address has
 * announced itself, else after {@code PYQL_CP_MISSING_MEMBER_SECONDS}); free seats are taken by the oldest non-CP
 * members, each promoting itself; after a majority loss the oldest member resets CP once enough members are back
 * (CP data is wiped, which is why nothing durable lives in CP). See {@link org.pyql.coordination.CpHealPlan}.
 *
 * <h2>Durable metadata</h2>
 * Hazelcast maps {@code pyql.state.<kind>} hold the live copy (a backup on every member, majority split-brain
 * protection on writes); every node stores every change in its local state DB (entry listeners, higher version wins,
 * deletes are tombstones) and reconciles maps and DB whenever it gains quorum, so a full-cluster restart, in any order,
 * restores everything from the nodes' DBs.
 *
 * <h2>Routes</h2>
 * {@code GET /cluster/pyql/ready} (no credentials; 200 or 503 with the quorum document, rendered by
 * {@code org.pyql.api.QuorumView}), {@code GET /pyql/live}, {@code GET /pyql/node}; admin or service:
 * {@code GET|POST /pyql/quorum}, {@code POST /pyql/quorum/check}, {@code GET /pyql/state[/kind]},
 * {@code POST /cluster/{any}/add} (job queue entry).
 *
 * <h2>Settings</h2>
 * {@link org.pyql.config.ClusterSettings} ({@code PYQL_CLUSTER_NAME, PYQL_CLUSTER_ACTION, PYQL_CLUSTER_JOIN_TOKEN,
 * PYQL_CLUSTER_DISCOVERY, PYQL_CLUSTER_MEMBERS, PYQL_HZ_INTERFACE, PYQL_HZ_PORT, PYQL_CP_MEMBER_COUNT,
 * PYQL_CP_MISSING_MEMBER_SECONDS, PYQL_CP_SESSION_TTL_SECONDS, PYQL_NODE_EVICT_SECONDS, PYQL_K8S_SERVICE_DNS});
 * {@code scripts/node-env.sh} turns them into Payara options, {@code scripts/local-cluster} runs N nodes locally.
 */
package org.pyql.coordination;
