package org.pyql.cluster.heal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.pyql.cluster.route.TableKey;
import org.pyql.state.JobEntity;

class HealJobTest {
    private static final TableKey KEY = new TableKey("c1", "items");

    @Test
    void oneJobIdPerReplicaOfATable() {
        assertEquals(HealJob.id(KEY, "r1"), HealJob.id(KEY, "r1"));
        assertNotEquals(HealJob.id(KEY, "r1"), HealJob.id(KEY, "r2"));
        assertNotEquals(HealJob.id(KEY, "r1"), HealJob.id(new TableKey("c1", "other"), "r1"));
    }

    @Test
    void carriedStateSurvivesTheJobRow() {
        HealJob h = HealJob.fresh(KEY, "r1").withMethod("snapshot")
                .withProgress(new Progress.Reading("snapshot", 50, 200, 25.0, 1000.0, 1, "d1"), 1234);
        JobEntity e = new JobEntity(HealJob.id(KEY, "r1"), "heal", HealJob.TYPE, HealJob.ACTION, h.text());
        assertEquals(h, HealJob.of(e));
        assertEquals(KEY, HealJob.of(e).key());
    }

    @Test
    void queuedAndDueJobsAreReservableRunningOnesOnlyWhenTheirHeartbeatIsStale() {
        long now = 1_000_000;
        assertTrue(HealJobs.reservable(job(HealJobs.QUEUED, HealJob.fresh(KEY, "r")), now));
        HealJob waitingLater = HealJob.fresh(KEY, "r").attempted(now + 5_000, null);
        assertFalse(HealJobs.reservable(job(HealJobs.WAITING, waitingLater), now));
        assertTrue(HealJobs.reservable(job(HealJobs.WAITING, waitingLater), now + 5_000));
        HealJob beating = HealJob.fresh(KEY, "r").heartbeat(now - 1_000);
        assertFalse(HealJobs.reservable(job(HealJobs.RUNNING, beating), now));
        HealJob dead = HealJob.fresh(KEY, "r").heartbeat(now - HealJobs.STALE_MILLIS - 1);
        assertTrue(HealJobs.reservable(job(HealJobs.RUNNING, dead), now));
        assertFalse(HealJobs.reservable(job(HealJobs.DONE, HealJob.fresh(KEY, "r")), now));
        assertFalse(HealJobs.reservable(job(HealJobs.FAILED, HealJob.fresh(KEY, "r")), now));
    }

    @Test
    void progressCountsPercentAndFinishesAtAHundred() {
        List<Progress.Reading> seen = new ArrayList<>();
        Progress p = new Progress("test", seen::add);
        p.phase("replay", 400);
        p.advance(100);
        Progress.Reading r = p.reading();
        assertEquals(100, r.done());
        assertEquals(400, r.total());
        assertEquals(25.0, r.percent());
        assertTrue(r.rate() > 0);
        p.finish();
        assertEquals(100.0, p.reading().percent());
        assertEquals(400, p.reading().done());
        assertEquals("done", seen.get(seen.size() - 1).phase(), "the last reading published is the finished one");
    }

    @Test
    void aPhaseIsPublishedWhenItBeginsAndAfterItsFirstStepHoweverShort() {
        List<Progress.Reading> seen = new ArrayList<>();
        Progress p = new Progress("test", seen::add);
        p.phase("snapshot", 20_000);
        p.advance(2_000);
        p.advance(2_000);   // within the publish interval: not told
        assertEquals(List.of(0L, 2_000L), seen.stream().map(Progress.Reading::done).toList());
        assertEquals("snapshot", seen.get(1).phase());
        p.phase("replay", 10);
        p.advance(1);
        assertEquals(List.of(0L, 2_000L, 0L, 1L), seen.stream().map(Progress.Reading::done).toList());
    }

    @Test
    void anEmptyPhaseIsComplete() {
        Progress p = new Progress("test", null);
        p.phase("replay", 0);
        assertEquals(100.0, p.reading().percent());
    }

    private static JobEntity job(String status, HealJob h) {
        JobEntity e = new JobEntity(HealJob.id(KEY, h.replica()), "heal", HealJob.TYPE, HealJob.ACTION, h.text());
        e.setStatus(status);
        return e;
    }
}
