package org.pyql.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.pyql.coordination.CpHealPlan.CpMember;
import org.pyql.coordination.CpHealPlan.Member;
import org.pyql.coordination.CpHealPlan.Timing;

class CpHealPlanTest {
    private static final Timing T = new Timing(5_000, 30_000, 15_000);
    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();
    private final UUID c = UUID.randomUUID();
    private final UUID c2 = UUID.randomUUID();   // c restarted: new member uuid at the same address
    private final UUID c2cp = UUID.randomUUID(); // its CP uuid after promotion
    private final UUID d = UUID.randomUUID();

    private static Member m(UUID id, String addr, UUID cp) {
        return new Member(id, addr, true, cp);
    }

    private static CpMember cp(UUID id, String addr) {
        return new CpMember(id, addr);
    }

    private final List<CpMember> initialCp = List.of(cp(a, "h:1"), cp(b, "h:2"), cp(c, "h:3"));

    @Test
    void wholeCpNeedsNothing() {
        List<Member> live = List.of(m(a, "h:1", a), m(b, "h:2", b), m(c, "h:3", c));
        CpHealPlan p = CpHealPlan.decide(live, a, true, initialCp, Set.of(a, b, c), 3, Map.of(), -1, -1, 0, T);
        assertTrue(p.isEmpty(), p.reason());
    }

    @Test
    void healerRemovesARestartedMembersOldSeatAfterTheGrace() {
        List<Member> live = List.of(m(a, "h:1", a), m(b, "h:2", b), m(c2, "h:3", null));
        Map<UUID, Long> since = Map.of(c, 0L);
        CpHealPlan early = CpHealPlan.decide(live, a, true, initialCp, Set.of(a, b, c), 3, since, -1, -1, 4_000, T);
        assertTrue(early.remove().isEmpty(), "within the grace the new member may still be announcing its seat");
        CpHealPlan p = CpHealPlan.decide(live, a, true, initialCp, Set.of(a, b, c), 3, since, -1, -1, 5_000, T);
        assertEquals(List.of(c), p.remove());
        CpHealPlan notHealer = CpHealPlan.decide(live, b, true, initialCp, Set.of(a, b, c), 3, since, -1, -1, 5_000, T);
        assertTrue(notHealer.isEmpty(), "only the oldest member removes");
    }

    @Test
    void aPromotedMemberIsAliveThroughItsAnnouncedCpUuid() {
        List<CpMember> cpNow = List.of(cp(a, "h:1"), cp(b, "h:2"), cp(c2cp, "h:3"));
        List<Member> live = List.of(m(a, "h:1", a), m(b, "h:2", b), m(c2, "h:3", c2cp));
        CpHealPlan p = CpHealPlan.decide(live, a, true, cpNow, Set.of(a, b, c2cp), 3, Map.of(c2cp, 0L), -1, -1, 60_000, T);
        assertTrue(p.isEmpty(), p.reason());
    }

    @Test
    void aMemberThatHasNotAnnouncedYetIsNotTakenForAReplacement() {
        List<CpMember> cpNow = List.of(cp(a, "h:1"), cp(b, "h:2"), cp(c2cp, "h:3"));
        List<Member> live = List.of(m(a, "h:1", a), m(b, "h:2", b), new Member(c2, "h:3", false, null));
        CpHealPlan p = CpHealPlan.decide(live, a, true, cpNow, Set.of(a, b, c2cp), 3, Map.of(c2cp, 0L), -1, -1, 10_000, T);
        assertTrue(p.remove().isEmpty(), p.reason());
    }

    @Test
    void aVanishedMemberIsRemovedAfterTheRemovalDelayWhenASpareCanTakeItsSeat() {
        List<Member> live = List.of(m(a, "h:1", a), m(b, "h:2", b), m(d, "h:4", null));
        Map<UUID, Long> since = Map.of(c, 0L);
        assertTrue(CpHealPlan.decide(live, a, true, initialCp, Set.of(a, b, c), 3, since, -1, -1, 29_000, T).isEmpty());
        assertEquals(List.of(c), CpHealPlan.decide(live, a, true, initialCp, Set.of(a, b, c), 3, since, -1, -1, 30_000, T)
                .remove());
    }

    @Test
    void aVanishedMemberKeepsItsSeatWithoutASpare() {
        // it may only be cut off by a partition: removed, it could never take a CP seat again after the heal
        List<Member> live = List.of(m(a, "h:1", a), m(b, "h:2", b));
        Map<UUID, Long> since = Map.of(c, 0L);
        assertTrue(CpHealPlan.decide(live, a, true, initialCp, Set.of(a, b, c), 3, since, -1, -1, 600_000, T).isEmpty());
        List<Member> withStale = List.of(m(a, "h:1", a), m(b, "h:2", b), m(d, "h:4", UUID.randomUUID()));
        assertTrue(CpHealPlan.decide(withStale, a, true, initialCp, Set.of(a, b, c), 3, since, -1, -1, 600_000, T)
                .isEmpty(), "a member holding a stale CP identity cannot be promoted, so it is no spare");
    }

    @Test
    void noResetWhileTheMissingMajorityCouldStillReturn() {
        // five nodes, CP on a, b, c; a partition leaves c with d and e: a and b are only missing
        UUID e = UUID.randomUUID();
        List<Member> side = List.of(m(c, "h:3", c), m(d, "h:4", null), m(e, "h:5", null));
        Map<UUID, String> addr = Map.of(a, "h:1", b, "h:2", c, "h:3");
        CpHealPlan p = CpHealPlan.decide(side, c, true, null, Set.of(a, b, c), addr, 3, Map.of(), 0, 0, 600_000, T);
        assertFalse(p.reset(), p.reason());
        // a full split healed: everyone is back with its CP identity; nothing to reset either
        List<Member> merged = List.of(m(UUID.randomUUID(), "h:1", a), m(UUID.randomUUID(), "h:2", b), m(c, "h:3", c));
        assertFalse(CpHealPlan.decide(merged, merged.get(0).uuid(), true, null, Set.of(a, b, c), addr, 3, Map.of(), 0, 0,
                600_000, T).reset());
    }

    @Test
    void theOldestNonCpMembersFillFreeSeats() {
        List<CpMember> two = List.of(cp(a, "h:1"), cp(b, "h:2"));
        List<Member> live = List.of(m(a, "h:1", a), m(b, "h:2", b), m(c2, "h:3", null), m(d, "h:4", null));
        assertTrue(CpHealPlan.decide(live, c2, false, two, Set.of(a, b), 3, Map.of(), -1, -1, 0, T).promoteSelf());
        assertFalse(CpHealPlan.decide(live, d, false, two, Set.of(a, b), 3, Map.of(), -1, -1, 0, T).promoteSelf(),
                "one free seat: only the oldest candidate takes it");
        assertFalse(CpHealPlan.decide(live, a, true, two, Set.of(a, b), 3, Map.of(), -1, -1, 0, T).promoteSelf());
    }

    @Test
    void noPromotionWhileASeatHolderIsDead() {
        List<Member> live = List.of(m(a, "h:1", a), m(b, "h:2", b), m(d, "h:4", null));
        Map<UUID, Long> since = new HashMap<>(Map.of(c, 0L));
        CpHealPlan p = CpHealPlan.decide(live, d, false, initialCp, Set.of(a, b, c), 3, since, -1, -1, 1_000, T);
        assertFalse(p.promoteSelf());
    }

    @Test
    void resetOnlyAfterTheDelayWithEnoughMembersAndFailingCalls() {
        // b and c were killed and restarted at their addresses (new identities): the majority is gone for good
        UUID b2 = UUID.randomUUID();
        Map<UUID, String> addr = Map.of(a, "h:1", b, "h:2", c, "h:3");
        List<Member> three = List.of(m(a, "h:1", a), m(b2, "h:2", null), m(c2, "h:3", null));
        Set<UUID> meta = Set.of(a, b, c);
        assertTrue(CpHealPlan.decide(three, a, true, null, meta, addr, 3, Map.of(), 0, 0, 15_000, T).reset());
        assertFalse(CpHealPlan.decide(three, a, true, null, meta, addr, 3, Map.of(), 0, 0, 14_000, T).reset());
        assertFalse(CpHealPlan.decide(three, a, true, null, meta, addr, 3, Map.of(), 0, -1, 15_000, T).reset(),
                "a CP call succeeded: the majority is not really gone");
        assertFalse(CpHealPlan.decide(three, b2, false, null, meta, addr, 3, Map.of(), 0, 0, 15_000, T).reset(),
                "only the healer resets");
        assertFalse(CpHealPlan.decide(three, a, true, null, meta, Map.of(), 3, Map.of(), 0, 0, 15_000, T).reset(),
                "addresses unknown: the missing members may come back");
        List<Member> two = List.of(m(a, "h:1", a), m(b2, "h:2", null));
        assertFalse(CpHealPlan.decide(two, a, true, null, meta, addr, 3, Map.of(), 0, 0, 60_000, T).reset(),
                "CP cannot form again with fewer members than the CP member count");
    }

    @Test
    void majority() {
        assertEquals(1, CpHealPlan.majority(1));
        assertEquals(2, CpHealPlan.majority(3));
        assertEquals(3, CpHealPlan.majority(4));
        assertEquals(3, CpHealPlan.majority(5));
    }
}
