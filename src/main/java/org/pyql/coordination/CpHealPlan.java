package org.pyql.coordination;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * What one node should do to keep the CP subsystem whole, decided from a snapshot (pure; {@link CpHealer} applies
 * it). Hazelcast does not give a restarted member its CP seat back and keeps a dead CP member for hours; Payara's own
 * attempt does not reliably work (measured; see DESIGN.md), so nodes run with
 * {@code -Dhazelcast.cp-subsystem.auto-promote=false} and the application owns CP membership.
 *
 * <p>Identity: a CP member's uuid equals its member uuid only for members chosen at the initial CP discovery; a member
 * promoted later gets a fresh CP uuid. So a CP member counts as <em>alive</em> when its uuid is a live member's uuid or
 * the CP uuid a live member announced (each node publishes its local CP uuid in the members map).
 *
 * <ol>
 *   <li>Only the <em>healer</em> (the oldest live member, the same choice on every node) removes CP members, and only
 *       while the METADATA majority is alive. A CP member that is not alive is removed once a live member at its address
 *       has announced another identity for {@code replacedGraceMillis} (it was restarted: its CP state is gone), or once
 *       it has not been alive for {@code removalDelayMillis} <em>and</em> a live member outside CP could take the seat.
 *       Without such a spare the seat is kept: a member that is only cut off by a network partition comes back with its
 *       CP identity after the heal and Raft catches it up, whereas a removed member can never be promoted again
 *       (Hazelcast's {@code promoteToCPMember} does nothing on a member that still holds its old local CP identity).</li>
 *   <li>When every CP member is alive and there are fewer than configured, the oldest live members that announced that
 *       they are not CP members promote themselves, as many as seats are free (each node decides only about itself).</li>
 *   <li>When the METADATA majority has been gone for {@code resetDelayMillis}, CP calls have failed that long too, at
 *       least the configured count of members is back, <em>and</em> the majority can never return (so many METADATA
 *       members were replaced by a restart at their address that the others are fewer than a majority), the healer
 *       resets CP. Members that are merely missing could be on the other side of a partition, so they never count as
 *       gone: a reset then would make a second CP subsystem. CP data is gone after a reset, which is why nothing durable
 *       lives only in CP.</li>
 * </ol>
 */
public record CpHealPlan(List<UUID> remove, boolean promoteSelf, boolean reset, String reason) {

    /** A live cluster member, with the CP uuid it announced ({@code announced} false: no announcement seen yet). */
    public record Member(UUID uuid, String address, boolean announced, UUID cpUuid) {
        public Member {
            Objects.requireNonNull(uuid);
            Objects.requireNonNull(address);
        }
    }

    /** An entry of the CP member list. */
    public record CpMember(UUID uuid, String address) {
        public CpMember {
            Objects.requireNonNull(uuid);
            Objects.requireNonNull(address);
        }
    }

    /** Delays of the rules, in milliseconds. */
    public record Timing(long replacedGraceMillis, long removalDelayMillis, long resetDelayMillis) {
    }

    public static final CpHealPlan NOTHING = new CpHealPlan(List.of(), false, false, "CP is whole");

    public boolean isEmpty() {
        return remove.isEmpty() && !promoteSelf && !reset;
    }

    /** Whether a live member at {@code address} announced an identity other than {@code cpUuid}: it was restarted. */
    static boolean replaced(List<Member> live, UUID cpUuid, String address) {
        if (address == null) return false;
        return live.stream().anyMatch(l -> l.announced() && l.address().equals(address) && !cpUuid.equals(l.cpUuid())
                && !cpUuid.equals(l.uuid()));
    }

    /** Whether a live member that announced it holds no CP seat could be promoted into a freed one. */
    static boolean spareExists(List<Member> live, Set<UUID> cpIds) {
        return live.stream().anyMatch(l -> l.announced() && l.cpUuid() == null && !cpIds.contains(l.uuid()));
    }

    /** A strict majority of {@code n}. */
    public static int majority(int n) {
        return n / 2 + 1;
    }

    /** The CP identities of the live members: their member uuids and the CP uuids they announced. */
    public static Set<UUID> aliveCpIdentities(Collection<Member> live) {
        Set<UUID> ids = new HashSet<>();
        for (Member m : live) {
            ids.add(m.uuid());
            if (m.cpUuid() != null) ids.add(m.cpUuid());
        }
        return ids;
    }

    /**
     * @param live               live members, oldest first (Hazelcast's member list order); the local one included
     * @param local              this member's uuid
     * @param localIsCp          whether this member is a CP member now
     * @param cpMembers          the CP member list (may hold dead members); null when it could not be read
     * @param metadataMembers    CP uuids of the METADATA group as last seen (for the majority test)
     * @param cpMemberCount      configured CP member count (above 0)
     * @param notAliveSince      since when (ms) each CP member has been seen not alive
     * @param majorityLostSince  since when (ms) the METADATA majority has been missing, or -1
     * @param cpFailingSince     since when (ms) CP calls have been failing, or -1 (a call succeeded last)
     */
    public static CpHealPlan decide(List<Member> live, UUID local, boolean localIsCp, Collection<CpMember> cpMembers,
                                    Collection<UUID> metadataMembers, int cpMemberCount, Map<UUID, Long> notAliveSince,
                                    long majorityLostSince, long cpFailingSince, long now, Timing timing) {
        return decide(live, local, localIsCp, cpMembers, metadataMembers, Map.of(), cpMemberCount, notAliveSince,
                majorityLostSince, cpFailingSince, now, timing);
    }

    /**
     * @param cpAddresses the address of each CP member as last listed (CP uuid to address), for telling a member that
     *                    was restarted (gone for good) from one that is only missing
     */
    public static CpHealPlan decide(List<Member> live, UUID local, boolean localIsCp, Collection<CpMember> cpMembers,
                                    Collection<UUID> metadataMembers, Map<UUID, String> cpAddresses, int cpMemberCount,
                                    Map<UUID, Long> notAliveSince, long majorityLostSince, long cpFailingSince, long now,
                                    Timing timing) {
        if (live.isEmpty() || cpMemberCount <= 0) return NOTHING;
        boolean healer = live.get(0).uuid().equals(local);
        Set<UUID> alive = aliveCpIdentities(live);
        if (majorityLostSince >= 0) {
            boolean enoughBack = live.size() >= cpMemberCount;
            boolean longEnough = now - majorityLostSince >= timing.resetDelayMillis()
                    && cpFailingSince >= 0 && now - cpFailingSince >= timing.resetDelayMillis();
            long couldReturn = metadataMembers.stream()
                    .filter(m -> alive.contains(m) || !replaced(live, m, cpAddresses.get(m))).count();
            boolean goneForGood = couldReturn < majority(metadataMembers.size());
            if (healer && enoughBack && longEnough && goneForGood) {
                return new CpHealPlan(List.of(), false, true, "CP majority lost for " + (now - majorityLostSince)
                        + " ms, its members restarted, and " + live.size() + " members are present: reset CP");
            }
            return new CpHealPlan(List.of(), false, false, "CP majority lost; "
                    + (!goneForGood ? "waiting for the missing CP members to return (" + couldReturn + " of "
                    + metadataMembers.size() + " may still be alive)"
                    : enoughBack ? "resetting CP once it has been gone for " + timing.resetDelayMillis() + " ms"
                    : "waiting for " + (cpMemberCount - live.size()) + " more member(s)"));
        }
        if (cpMembers == null) return NOTHING;
        List<CpMember> dead = new ArrayList<>();
        Set<UUID> cpIds = new HashSet<>();
        for (CpMember m : cpMembers) {
            cpIds.add(m.uuid());
            if (!alive.contains(m.uuid())) dead.add(m);
        }
        if (!dead.isEmpty()) {
            long liveMeta = metadataMembers.stream().filter(alive::contains).count();
            if (!healer || liveMeta < majority(metadataMembers.size())) {
                return new CpHealPlan(List.of(), false, false, dead.size() + " CP member(s) not alive");
            }
            List<UUID> remove = new ArrayList<>();
            for (CpMember m : dead) {
                Long since = notAliveSince.get(m.uuid());
                if (since == null) continue;
                long gone = now - since;
                if ((replaced(live, m.uuid(), m.address()) && gone >= timing.replacedGraceMillis())
                        || (gone >= timing.removalDelayMillis() && spareExists(live, cpIds))) {
                    remove.add(m.uuid());
                }
            }
            return remove.isEmpty() ? new CpHealPlan(List.of(), false, false, dead.size() + " CP member(s) not alive")
                    : new CpHealPlan(List.copyOf(remove), false, false, "remove stale CP member(s) " + remove);
        }
        int free = cpMemberCount - cpMembers.size();
        if (free <= 0 || localIsCp) return NOTHING;
        int rank = 0;
        for (Member m : live) {
            boolean isCp = cpIds.contains(m.uuid()) || (m.cpUuid() != null && cpIds.contains(m.cpUuid()));
            if (m.uuid().equals(local)) {
                return rank < free ? new CpHealPlan(List.of(), true, false, free + " CP seat(s) free: promote this member")
                        : NOTHING;
            }
            if (isCp || !m.announced() || m.cpUuid() != null) continue;   // only members known to be outside CP rank
            rank++;
        }
        return NOTHING;
    }
}
