package org.pyql.coordination;

import java.util.List;

/**
 * What this node knows about quorum at one instant: built on the coordination thread ({@link NodeLifecycle}) after
 * every state change and at least once a second, and published through one {@code AtomicReference}. Readers on any
 * thread (HTTP requests, the state maps) see a consistent whole without a lock. It also travels inside this node's
 * announcement, so {@code POST /pyql/quorum/check} can show the other members' snapshots; the JSON document operators
 * see is rendered from it by the API ({@code org.pyql.api.QuorumView}).
 *
 * @param node          this node's pyql id (null before it has one)
 * @param role          {@code cluster} or {@code standalone}, null before start
 * @param phase         the node's coordination phase ({@link NodeLifecycle.Phase} name)
 * @param ready         in quorum, cluster state loaded and CP membership settled for this node
 * @param inQuorum      the CP majority is reachable from this node
 * @param writable      in quorum and the cluster state is loaded: metadata writes are allowed
 * @param reason        why (not) ready, for operators
 * @param liveNodes     pyql ids of the live members that announced themselves, in member order
 * @param missing       registered nodes that are not live, oldest first
 * @param timeMillis    when the snapshot was taken (epoch ms)
 * @param cp            the CP subsystem as this node sees it
 * @param hazelcast     the Hazelcast member, null unless running
 */
public record QuorumSnapshot(String node, String role, String phase, boolean ready, boolean inQuorum, boolean writable,
                             String reason, List<String> liveNodes, List<MissingNode> missing, long timeMillis, Cp cp,
                             Hazelcast hazelcast) {
    /**
     * A snapshot older than this is not trusted for quorum: the coordination thread publishes at least once a second,
     * so an old one means that thread is stuck, and what it last saw may no longer be true.
     */
    public static final long STALE_MILLIS = 5_000;

    public QuorumSnapshot {
        liveNodes = List.copyOf(liveNodes);
        missing = List.copyOf(missing);
    }

    /** A registered node that is not a live member, missing since {@code sinceMillis} (epoch ms). */
    public record MissingNode(String uuid, long sinceMillis) {
    }

    /**
     * The CP subsystem: {@code mode} is {@code cp}, {@code unsafe} (CP member count 0) or {@code unknown} (not running);
     * {@code membersListed} is -1 before the CP member list was read; {@code lastOkMillis} 0 before the first
     * successful probe; {@code callsSampled} 0 when there are no latency samples yet.
     */
    public record Cp(String mode, int memberCount, boolean discoveryCompleted, int members, int membersPresent,
                     String localCpUuid, int membersListed, long lastOkMillis, String lastFailure, long callP50Micros,
                     long callP99Micros, long callsSampled) {
    }

    /** This node's Hazelcast member: cluster name, member count, local address, embedded or the server's. */
    public record Hazelcast(String cluster, int members, String local, boolean embedded) {
    }

    /** The snapshot before coordination has started (or on a node that is only a data endpoint). */
    static QuorumSnapshot notStarted(String node) {
        return new QuorumSnapshot(node, null, NodeLifecycle.Phase.NOT_STARTED.name(), false, false, false,
                "coordination not started", node == null ? List.of() : List.of(node), List.of(), System.currentTimeMillis(),
                new Cp("unknown", 0, false, 0, 0, null, -1, 0, null, 0, 0, 0), null);
    }

    /** Whether quorum may be relied on at {@code nowMillis}: in quorum and not stale. */
    public boolean inQuorumAt(long nowMillis) {
        return inQuorum && !staleAt(nowMillis);
    }

    /** Whether metadata may be written at {@code nowMillis}: writable and not stale. */
    public boolean writableAt(long nowMillis) {
        return writable && !staleAt(nowMillis);
    }

    /** Older than {@link #STALE_MILLIS} (a clock that went backwards counts as fresh). */
    public boolean staleAt(long nowMillis) {
        return nowMillis - timeMillis > STALE_MILLIS;
    }

    /** The reason to give a caller at {@code nowMillis}: the snapshot's own, or that it is stale. */
    public String reasonAt(long nowMillis) {
        if (inQuorum && staleAt(nowMillis)) {
            return "the coordination state is " + (nowMillis - timeMillis) / 1000 + " s old (its thread is busy or stuck)";
        }
        return reason;
    }

    /** The same snapshot with another time stamp (announcements compare snapshots without it). */
    QuorumSnapshot at(long millis) {
        return new QuorumSnapshot(node, role, phase, ready, inQuorum, writable, reason, liveNodes, missing, millis, cp,
                hazelcast);
    }
}
