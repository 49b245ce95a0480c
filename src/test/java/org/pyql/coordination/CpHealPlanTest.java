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
    void aVanishedMemberIsRemovedAfterTheRemovalDelay() {
        List<Member> live = List.of(m(a, "h:1", a), m(b, "h:2", b));
        Map<UUID, Long> since = Map.of(c, 0L);
        assertTrue(CpHealPlan.decide(live, a, true, initialCp, Set.of(a, b, c), 3, since, -1, -1, 29_000, T).isEmpty());
        assertEquals(List.of(c), CpHealPlan.decide(live, a, true, initialCp, Set.of(a, b, c), 3, since, -1, -1, 30_000, T)
                .remove());
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
        List<Member> three = List.of(m(a, "h:1", a), m(b, "h:2", null), m(c2, "h:3", null));
        assertTrue(CpHealPlan.decide(three, a, true, null, Set.of(a, b, c), 3, Map.of(), 0, 0, 15_000, T).reset());
        assertFalse(CpHealPlan.decide(three, a, true, null, Set.of(a, b, c), 3, Map.of(), 0, 0, 14_000, T).reset());
        assertFalse(CpHealPlan.decide(three, a, true, null, Set.of(a, b, c), 3, Map.of(), 0, -1, 15_000, T).reset(),
                "a CP call succeeded: the majority is not really gone");
        assertFalse(CpHealPlan.decide(three, b, false, null, Set.of(a, b, c), 3, Map.of(), 0, 0, 15_000, T).reset(),
                "only the healer resets");
        List<Member> two = List.of(m(a, "h:1", a), m(b, "h:2", null));
        assertFalse(CpHealPlan.decide(two, a, true, null, Set.of(a, b, c), 3, Map.of(), 0, 0, 60_000, T).reset(),
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
