package org.pyql.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.cp.exception.NotLeaderException;

import org.pyql.error.UnavailableException;

class CpCallsTest {

    @Test
    void leaderChangeFailuresAreTransientEvenWhenWrapped() {
        assertTrue(CpCalls.isTransient(new MemberLeftException("gone")));
        assertTrue(CpCalls.isTransient(new HazelcastException(new MemberLeftException("gone"))));
        assertTrue(CpCalls.isTransient(new IndeterminateOperationStateException("?")));
        assertTrue(CpCalls.isTransient(new NotLeaderException(null, null, null)));
        assertFalse(CpCalls.isTransient(new IllegalStateException("a bug")));
        assertFalse(CpCalls.isTransient(new HazelcastException("other")));
    }

    @Test
    void retriesTransientFailuresUntilTheCallWorks() {
        AtomicInteger calls = new AtomicInteger();
        String r = CpCalls.call("test", 5_000, () -> true, () -> {
            if (calls.incrementAndGet() < 3) throw new HazelcastException(new MemberLeftException("leader died"));
            return "ok";
        });
        assertEquals("ok", r);
        assertEquals(3, calls.get());
    }

    @Test
    void givesUpAtOnceWithoutQuorumAndNeverRetriesOtherFailures() {
        AtomicInteger calls = new AtomicInteger();
        UnavailableException e = assertThrows(UnavailableException.class, () -> CpCalls.call("test", 5_000, () -> false,
                () -> {
                    calls.incrementAndGet();
                    throw new IndeterminateOperationStateException("?");
                }));
        assertEquals(503, e.status());
        assertEquals("not in quorum", e.error());
        assertEquals(1, calls.get());
        assertThrows(IllegalArgumentException.class, () -> CpCalls.call("test", 5_000, () -> true, () -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("bad");
        }));
        assertEquals(2, calls.get());
    }

    @Test
    void stopsRetryingAtTheDeadline() {
        long t0 = System.nanoTime();
        UnavailableException e = assertThrows(UnavailableException.class, () -> CpCalls.call("slow", 600, () -> true, () -> {
            throw new HazelcastException(new MemberLeftException("again"));
        }));
        assertEquals("CP call failed", e.error());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 3_000);
    }

    @Test
    void awaitTimesOut() {
        assertThrows(org.pyql.error.CpTimeoutException.class, () -> CpCalls.await(new CompletableFuture<String>(), 50));
        assertEquals("x", CpCalls.await(CompletableFuture.completedFuture("x"), 50));
    }
}
