/**
 * Cluster nodes: Hazelcast membership, CP quorum, readiness and the replicated cluster metadata.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link org.pyql.coordination.HazelcastProvider}: Payara's member via JNDI {@code payara/Hazelcast}, else an
 *       embedded member (Tomcat, or Payara with {@code --nohazelcast}) from the same XML on the classpath.</li>
 *   <li>{@link org.pyql.coordination.Coordination}: start (init / rejoin / join decision, {@link
 *       org.pyql.coordination.JoinTokenVerifier}), the CP probe loop, the maintenance tick (quorum transitions, state
 *       reload, CP healing, node registry, missing nodes, the members announcements), the quorum document.</li>
 *   <li>{@link org.pyql.coordination.QuorumService}: what other code asks: {@code inQuorum()}, {@code ready()},
 *       {@code requireQuorum()}, {@code requireWritable()} (503 {@link org.pyql.error.NotInQuorumException}
 *       with the quorum document).</li>
 *   <li>{@link org.pyql.coordination.ClusterStateService}: the only way to read and write cluster metadata ({@link
 *       org.pyql.coordination.StateKind}); {@link org.pyql.coordination.CpCalls}: CP calls that survive a leader
 *       change.</li>
 * </ul>
 *
 * <h2>Quorum</h2>
 * With 3 or more configured members the CP subsystem has 3 members (quorum = 2); with fewer it runs in unsafe mode,
 * announced at start. A node is in quorum when (a) a majority of the METADATA CP group's members is in the current
 * member list (checked on every call; a killed member leaves the list within about a second, a dead master within
 * about five) and (b) a linearizable CP read succeeded within the last 10 s (so a CP leader election, about 4-5 s, does
 * not flap readiness). Without quorum every state-changing or cluster-data request answers
 * {@code 503 {"error": "not in quorum", "detail", "quorum": {...}}}; reads of cluster state still answer.
 *
 * <h2>CP healing (the application owns it)</h2>
 * Nodes run with {@code -Dhazelcast.cp-subsystem.auto-promote=false}: Payara's own promotion raced with this one. The
 * oldest member removes CP seats of members that are gone (at once when a restarted member at the same address has
 * announced itself, else after {@code PYQL_CP_MISSING_MEMBER_SECONDS}); free seats are taken by the oldest non-CP
 * members, each promoting itself; after a majority loss the oldest member resets CP once enough members are back
 * (CP data is wiped, which is why nothing durable lives in CP). See {@link org.pyql.coordination.CpHealPlan}.
 * Readiness of a starting node waits until CP has taken it in (its own seat, or all seats held by live members), so a
 * rolling restart never stops the next node before the previous seat is healed.
 *
 * <h2>Durable metadata</h2>
 * Hazelcast maps {@code pyql.state.<kind>} hold the live copy (a backup on every member, majority split-brain
 * protection on writes); every node stores every change in its local state DB (entry listeners, higher version wins,
 * deletes are tombstones) and reconciles maps and DB whenever it gains quorum, so a full-cluster restart, in any order,
 * restores everything from the nodes' DBs.
 *
 * <h2>Routes</h2>
 * {@code GET /cluster/pyql/ready} (no credentials; 200 or 503 with the quorum document {@code node, ready, in_quorum,
 * health, nodes:{nodes}, missing:{nodes:[{uuid,time}]}, last_update_time, reason, cp, hazelcast}; read-only),
 * {@code GET /pyql/live}, {@code GET /pyql/node}; admin or service: {@code GET|POST /pyql/quorum},
 * {@code POST /pyql/quorum/check}, {@code GET /pyql/state[/kind]}, {@code POST /cluster/{any}/add} (job queue entry).
 *
 * <h2>Settings</h2>
 * {@link org.pyql.config.ClusterSettings} ({@code PYQL_CLUSTER_NAME, PYQL_CLUSTER_ACTION, PYQL_CLUSTER_JOIN_TOKEN,
 * PYQL_CLUSTER_DISCOVERY, PYQL_CLUSTER_MEMBERS, PYQL_HZ_INTERFACE, PYQL_HZ_PORT, PYQL_CP_MEMBER_COUNT,
 * PYQL_CP_MISSING_MEMBER_SECONDS, PYQL_CP_SESSION_TTL_SECONDS, PYQL_NODE_EVICT_SECONDS, PYQL_K8S_SERVICE_DNS});
 * {@code scripts/node-env.sh} turns them into Payara options, {@code scripts/local-cluster} runs N nodes locally.
 */
package org.pyql.coordination;
