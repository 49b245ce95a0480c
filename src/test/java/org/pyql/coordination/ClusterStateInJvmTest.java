package org.pyql.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.pyql.error.NotInQuorumException;

import com.hazelcast.cp.IAtomicReference;
import com.hazelcast.cp.lock.FencedLock;
import com.hazelcast.map.IMap;

import org.pyql.error.ConflictException;
import org.pyql.error.VersionConflictException;
import org.pyql.state.JobEntity;
import org.pyql.state.StateStore;

/**
 * The replicated metadata and CP primitives on a real 3-member cluster in this JVM: every member with its own SQLite
 * state DB and {@link ClusterStateService}, as on a node (quorum given by a hand-made snapshot, so the tests decide it).
 */
class ClusterStateInJvmTest {
    private static final long WAIT_MILLIS = 20_000;
    private static InJvmCluster cluster;
    private static final List<Path> dirs = new ArrayList<>();
    private static final List<StateStore> stores = new ArrayList<>();
    private static final List<ClusterStateService> services = new ArrayList<>();
    private static final AtomicInteger partitionLosses = new AtomicInteger();

    @BeforeAll
    static void startCluster() throws IOException {
        cluster = InJvmCluster.start(3);
        for (int i = 0; i < 3; i++) {
            Path dir = Files.createTempDirectory("pyql-state-" + i + "-");
            StateStore store = new StateStore();
            store.open(dir);
            ClusterStateService s = new ClusterStateService(store, new QuorumService(Snapshots::writableNow),
                    HazelcastMember.of(HazelcastProvider.wrap(cluster.member(i), true)));
            s.attach("node-" + i, partitionLosses::incrementAndGet);
            dirs.add(dir);
            stores.add(store);
            services.add(s);
        }
    }

    @AfterAll
    static void stopCluster() throws IOException {
        if (cluster != null) cluster.close();
        stores.forEach(StateStore::close);
        for (Path d : dirs) {
            try (var files = Files.walk(d)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private static JobEntity job(String id) {
        JobEntity j = new JobEntity(id, "job " + id, "cron", "noop", "{}");
        j.setNextRunTime(0L);
        return j;
    }

    private static Optional<JobEntity> local(int member, String id) {
        return services.get(member).localRows(StateKind.JOBS).stream().filter(j -> j.getId().equals(id)).findFirst();
    }

    private static void awaitLocalVersion(int member, String id, long version) {
        InJvmCluster.await("member " + member + " stores " + id + " at version " + version, WAIT_MILLIS,
                () -> local(member, id).map(j -> j.getVersion() == version).orElse(false));
    }

    @Test
    void aWriteOnOneMemberReachesEveryLocalDatabase() {
        services.get(0).create(StateKind.JOBS, job("fan-out"));
        for (int m = 0; m < 3; m++) awaitLocalVersion(m, "fan-out", 1);
        assertEquals("node-0", services.get(2).get(StateKind.JOBS, "fan-out").orElseThrow().getUpdatedBy());
    }

    @Test
    void reconcilePushesNewerLocalRowsAndPullsNewerMapRows() {
        services.get(0).create(StateKind.JOBS, job("restore"));
        for (int m = 0; m < 3; m++) awaitLocalVersion(m, "restore", 1);

        // member 1's DB holds a newer version than the cluster (written while the cluster had lost it)
        JobEntity newer = job("restore");
        newer.setNextRunTime(42L);
        newer.stamp(5, false, System.currentTimeMillis(), "node-1");
        assertTrue(services.get(1).persistLocal(StateKind.JOBS, newer));
        ClusterStateService.Reconciled r1 = services.get(1).reconcile();
        assertTrue(r1.pushed() >= 1, "pushed " + r1);
        assertEquals(5, services.get(0).get(StateKind.JOBS, "restore").orElseThrow().getVersion());
        awaitLocalVersion(2, "restore", 5);   // and the others store what was restored

        // member 2's DB lost the row: reconcile pulls it back from the map
        stores.get(2).inTransaction(em -> {
            em.remove(em.find(JobEntity.class, "restore"));
            return null;
        });
        ClusterStateService.Reconciled r2 = services.get(2).reconcile();
        assertTrue(r2.pulled() >= 1, "pulled " + r2);
        assertEquals(42L, local(2, "restore").orElseThrow().getNextRunTime());

        // a full-cluster restart empties the maps: any one member's DB brings the rows back at their versions
        IMap<String, String> jobs = cluster.member(0).getMap(StateKind.JOBS.mapName());
        jobs.clear();
        assertTrue(services.get(0).get(StateKind.JOBS, "restore").isEmpty());
        services.get(0).reconcile();
        JobEntity back = services.get(1).get(StateKind.JOBS, "restore").orElseThrow();
        assertEquals(5, back.getVersion());
        assertEquals(42L, back.getNextRunTime());
    }

    @Test
    void anUpdateAtAnOldVersionIsAConflict() {
        services.get(0).create(StateKind.JOBS, job("stale"));
        JobEntity a = services.get(1).get(StateKind.JOBS, "stale").orElseThrow();
        JobEntity b = services.get(2).get(StateKind.JOBS, "stale").orElseThrow();
        a.setNextRunTime(1L);
        services.get(1).update(StateKind.JOBS, a);
        b.setNextRunTime(2L);
        assertThrows(VersionConflictException.class, () -> services.get(2).update(StateKind.JOBS, b));
        JobEntity now = services.get(0).get(StateKind.JOBS, "stale").orElseThrow();
        assertEquals(2, now.getVersion());
        assertEquals(1L, now.getNextRunTime());
    }

    @Test
    void racingUpdatesAtOneVersionHaveExactlyOneWinner() throws Exception {
        services.get(0).create(StateKind.JOBS, job("race"));
        List<JobEntity> reads = new ArrayList<>();
        for (int t = 0; t < 6; t++) reads.add(services.get(t % 3).get(StateKind.JOBS, "race").orElseThrow());
        List<Callable<Boolean>> writers = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int n = t;
            writers.add(() -> {
                JobEntity mine = reads.get(n);
                mine.setNextRunTime((long) n);
                try {
                    services.get(n % 3).update(StateKind.JOBS, mine);
                    return true;
                } catch (VersionConflictException lost) {
                    return false;
                }
            });
        }
        List<Boolean> outcomes = runTogether(writers);
        assertEquals(1, outcomes.stream().filter(w -> w).count(), "winners among " + outcomes);
        assertEquals(2, services.get(1).get(StateKind.JOBS, "race").orElseThrow().getVersion());
    }

    @Test
    void readModifyWriteFromEveryMemberLosesNoChange() throws Exception {
        services.get(0).create(StateKind.JOBS, job("counter"));
        int perMember = 15;
        AtomicInteger applied = new AtomicInteger();
        List<Callable<Boolean>> workers = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            ClusterStateService s = services.get(m);
            workers.add(() -> {
                for (int i = 0; i < perMember; i++) {
                    try {
                        s.modify(StateKind.JOBS, "counter", j -> j.setNextRunTime(j.getNextRunTime() + 1));
                        applied.incrementAndGet();
                    } catch (VersionConflictException gaveUp) {
                        // modify gives up after its retries under heavy contention (a 409 to its caller): not applied
                    }
                }
                return true;
            });
        }
        runTogether(workers);
        JobEntity j = services.get(2).get(StateKind.JOBS, "counter").orElseThrow();
        assertTrue(applied.get() > 0);
        assertEquals(applied.get(), j.getNextRunTime(), "every acknowledged change is in, none twice");
        assertEquals(1L + applied.get(), j.getVersion());
        for (int m = 0; m < 3; m++) awaitLocalVersion(m, "counter", 1L + applied.get());
    }

    @Test
    void racingCreatesOfOneIdHaveExactlyOneWinner() throws Exception {
        List<Callable<Boolean>> creators = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            ClusterStateService s = services.get(m);
            creators.add(() -> {
                try {
                    s.create(StateKind.JOBS, job("created-once"));
                    return true;
                } catch (ConflictException exists) {
                    return false;
                }
            });
        }
        assertEquals(1, runTogether(creators).stream().filter(w -> w).count());
        assertEquals(1, services.get(0).get(StateKind.JOBS, "created-once").orElseThrow().getVersion());
    }

    @Test
    void writesNeedAFreshWritableSnapshot() {
        var member = HazelcastMember.of(HazelcastProvider.wrap(cluster.member(0), true));
        long now = System.currentTimeMillis();
        ClusterStateService lost = new ClusterStateService(stores.get(0), new QuorumService(
                () -> Snapshots.of(false, false, "CP majority lost: 1 of 3 CP members present", now)), member);
        lost.attach("node-0", () -> { });
        NotInQuorumException e = assertThrows(NotInQuorumException.class, () -> lost.create(StateKind.JOBS, job("no")));
        assertEquals(503, e.status());
        assertTrue(e.detail().contains("CP majority lost"), e.detail());

        ClusterStateService stale = new ClusterStateService(stores.get(0), new QuorumService(
                () -> Snapshots.of(true, true, "ready", now - QuorumSnapshot.STALE_MILLIS - 1000)), member);
        stale.attach("node-0", () -> { });
        e = assertThrows(NotInQuorumException.class, () -> stale.create(StateKind.JOBS, job("no")));
        assertTrue(e.detail().contains("old"), e.detail());

        ClusterStateService loading = new ClusterStateService(stores.get(0), new QuorumService(
                () -> Snapshots.of(true, false, "loading cluster state", System.currentTimeMillis())), member);
        loading.attach("node-0", () -> { });
        e = assertThrows(NotInQuorumException.class, () -> loading.create(StateKind.JOBS, job("no")));
        assertEquals("cluster state loading", e.error());
        assertTrue(services.get(0).get(StateKind.JOBS, "no").isEmpty(), "nothing was written");
    }

    @Test
    void compareAndSetOnACpReferenceHasOneWinnerPerVersion() throws Exception {
        IAtomicReference<String> first = cluster.member(0).getCPSubsystem().getAtomicReference("replicas.test");
        first.set("v1");
        List<Callable<Boolean>> racers = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            IAtomicReference<String> ref = cluster.member(m).getCPSubsystem().getAtomicReference("replicas.test");
            String mine = "v2-by-" + m;
            racers.add(() -> ref.compareAndSet("v1", mine));
        }
        List<Boolean> outcomes = runTogether(racers);
        assertEquals(1, outcomes.stream().filter(w -> w).count(), "winners among " + outcomes);
        String winner = cluster.member(2).getCPSubsystem().<String>getAtomicReference("replicas.test").get();
        assertEquals("v2-by-" + outcomes.indexOf(true), winner);
    }

    @Test
    void fencedLockFencesGrowFromOneHolderToTheNext() {
        FencedLock a = cluster.member(0).getCPSubsystem().getLock("table.test");
        long f1 = a.lockAndGetFence();
        assertFalse(cluster.member(1).getCPSubsystem().getLock("table.test").tryLock(100, TimeUnit.MILLISECONDS),
                "a second member cannot take a held lock");
        a.unlock();
        FencedLock b = cluster.member(1).getCPSubsystem().getLock("table.test");
        long f2 = b.lockAndGetFence();
        b.unlock();
        assertTrue(f2 > f1, f1 + " then " + f2);
    }

    /** Runs the tasks on threads of their own, released together, and returns their results in order. */
    private static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> t : tasks) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return t.call();
                }));
            }
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) out.add(f.get(60, TimeUnit.SECONDS));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
