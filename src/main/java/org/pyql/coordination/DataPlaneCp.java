package org.pyql.coordination;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.IAtomicReference;
import com.hazelcast.cp.lock.FencedLock;
import com.hazelcast.map.IMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.metrics.PyqlMetrics;

/**
 * The narrow part of Hazelcast the data path uses: per-table CP locks (who sequences a table), CP registers (the
 * replica set and the leader address of each table, changed by compare-and-set) and one shared map for idempotency
 * keys. Everything is named by a data-path key, so the data path never sees the Hazelcast instance itself.
 *
 * <p>CP calls are bounded (a few seconds) and checked against quorum between retries ({@link CpCalls}); a node without
 * quorum gets a 503 instead of a hang.
 */
@ApplicationScoped
public class DataPlaneCp {
    /** How long one CP register call may take, retries of a leader change included. */
    static final long CALL_MILLIS = 6_000;

    private final QuorumService quorum;
    private final HazelcastMember member;
    private final PyqlMetrics metrics;

    /** For CDI's client proxy only. */
    protected DataPlaneCp() {
        this(null, null, null);
    }

    @Inject
    public DataPlaneCp(QuorumService quorum, HazelcastMember member, PyqlMetrics metrics) {
        this.quorum = quorum;
        this.member = member;
        this.metrics = metrics;
    }

    /** The value of register {@code name}; empty when never set. */
    public Optional<String> read(String name) {
        requireQuorum();
        return Optional.ofNullable(call("read", "read " + name, () -> register(name).get()));
    }

    /** Sets register {@code name} to {@code update} when it still holds {@code expect} (null = never set). */
    public boolean compareAndSet(String name, String expect, String update) {
        requireQuorum();
        return call("compare-and-set", "compare-and-set " + name, () -> register(name).compareAndSet(expect, update));
    }

    /** The table lock named {@code name}; use it only from the one thread that sequences that table. */
    public TableLock lock(String name) {
        return new TableLock(name);
    }

    /** A cluster-wide map with entries that expire, e.g. idempotency keys. */
    public IMap<String, String> expiringMap(String name) {
        return hz().getMap("pyql.data." + name);
    }

    /** Whether this node may take part in the data path now (CP majority reachable). */
    public boolean inQuorum() {
        return quorum.inQuorum();
    }

    public String nodeId() {
        return quorum.nodeId();
    }

    private void requireQuorum() {
        quorum.requireQuorum();
    }

    private IAtomicReference<String> register(String name) {
        return hz().getCPSubsystem().getAtomicReference("pyql.data." + name);
    }

    /** The running member; 503 while the node is starting (or its member stopped). */
    private HazelcastInstance hz() {
        return member.instance();
    }

    /** A bounded CP call ({@link CpCalls}), timed into the metrics under {@code op}. */
    private <T> T call(String op, String what, java.util.function.Supplier<T> c) {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            T v = CpCalls.call(what, CALL_MILLIS, quorum::inQuorum, c);
            ok = true;
            return v;
        } finally {
            if (metrics != null) metrics.cpCall(op, System.nanoTime() - start, ok);
        }
    }

    /**
     * A table's CP {@link FencedLock}: held for as long as this node sequences the table. A FencedLock belongs to a
     * thread, so every call must come from the same thread (the table's sequencer thread).
     */
    public final class TableLock {
        private final String name;

        private TableLock(String name) {
            this.name = name;
        }

        /** Takes the lock if it is free within {@code waitMillis}; the fence (only grows within one CP group life) or 0. */
        public long tryAcquire(long waitMillis) {
            if (!quorum.inQuorum()) return 0;
            FencedLock l = lock();
            return call("lock", "lock " + name, () -> l.tryLockAndGetFence(waitMillis, TimeUnit.MILLISECONDS));
        }

        /** Whether this thread still holds the lock (its CP session alive); false without quorum. */
        public boolean held() {
            if (!quorum.inQuorum()) return false;
            try {
                return call("lock_check", "lock check " + name, () -> lock().isLockedByCurrentThread());
            } catch (RuntimeException e) {
                return false;
            }
        }

        /** Gives the lock up (best effort: a lost session has released it already). */
        public void release() {
            try {
                FencedLock l = lock();
                if (l.isLockedByCurrentThread()) l.unlock();
            } catch (RuntimeException ignored) {
                // the session is gone (quorum loss, shutdown): the lock is free for the next holder anyway
            }
        }

        private FencedLock lock() {
            return hz().getCPSubsystem().getLock("pyql.data." + name);
        }
    }
}
