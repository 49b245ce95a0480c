package org.pyql.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.pyql.error.NotInQuorumException;

/** What callers learn from the published snapshot, and how the snapshot travels in announcements. */
class QuorumServiceTest {
    private final AtomicReference<QuorumSnapshot> current = new AtomicReference<>();
    private final QuorumService quorum = new QuorumService(current::get);

    @Test
    void aFreshWritableSnapshotLetsWritesThrough() {
        current.set(Snapshots.writableNow());
        assertTrue(quorum.inQuorum());
        assertTrue(quorum.ready());
        quorum.requireQuorum();
        quorum.requireWritable();
    }

    @Test
    void withoutQuorumTheRefusalCarriesTheSnapshotItWasBasedOn() {
        QuorumSnapshot lost = Snapshots.of(false, false, "CP majority lost: 1 of 3 CP members present",
                System.currentTimeMillis());
        current.set(lost);
        assertFalse(quorum.inQuorum());
        NotInQuorumException e = assertThrows(NotInQuorumException.class, quorum::requireQuorum);
        assertEquals("not in quorum", e.error());
        assertEquals("CP majority lost: 1 of 3 CP members present", e.detail());
        assertSame(lost, e.quorum());
    }

    @Test
    void inQuorumButStillLoadingRefusesOnlyWrites() {
        current.set(Snapshots.of(true, false, "loading cluster state", System.currentTimeMillis()));
        quorum.requireQuorum();
        NotInQuorumException e = assertThrows(NotInQuorumException.class, quorum::requireWritable);
        assertEquals("cluster state loading", e.error());
    }

    @Test
    void aStaleSnapshotIsNotTrusted() {
        long old = System.currentTimeMillis() - QuorumSnapshot.STALE_MILLIS - 2000;
        current.set(Snapshots.of(true, true, "ready", old));
        assertFalse(quorum.inQuorum());
        assertFalse(quorum.ready());
        NotInQuorumException e = assertThrows(NotInQuorumException.class, quorum::requireWritable);
        assertTrue(e.detail().contains("s old"), e.detail());
    }

    @Test
    void theSnapshotSurvivesTheAnnouncementRoundTrip() throws Exception {
        QuorumSnapshot s = new QuorumSnapshot("n1", "cluster", "RUNNING", false, true, true,
                "waiting for the CP subsystem to take this node in", List.of("n1", "n2"),
                List.of(new QuorumSnapshot.MissingNode("n3", 1_700_000_000_000L)), 1_700_000_001_000L,
                new QuorumSnapshot.Cp("cp", 3, true, 3, 2, "1b2c", 3, 1_700_000_000_500L, "MemberLeftException", 900,
                        4000, 17),
                new QuorumSnapshot.Hazelcast("demo", 2, "127.0.0.1:5901", true));
        String json = MemberAnnouncements.JSON.writeValueAsString(s);
        assertEquals(s, MemberAnnouncements.JSON.readValue(json, QuorumSnapshot.class));
        assertEquals(s.at(0), MemberAnnouncements.JSON.readValue(
                MemberAnnouncements.JSON.writeValueAsString(s.at(0)), QuorumSnapshot.class));
    }
}
