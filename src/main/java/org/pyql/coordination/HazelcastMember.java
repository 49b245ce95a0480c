package org.pyql.coordination;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import com.hazelcast.core.HazelcastInstance;

import org.pyql.error.UnavailableException;

/**
 * This node's Hazelcast member once it is up, for coordination classes only: {@link #instance()} is package-private,
 * so code outside {@code org.pyql.coordination} can hold this handle (it is a CDI product of {@link Coordination}) but
 * never the raw {@link HazelcastInstance}; it goes through narrow services ({@link QuorumService},
 * {@link ClusterStateService}, and the data path's classes in this package). The member appears asynchronously (an
 * embedded member joins on the coordination thread), so classes keep the handle and ask for the instance per call.
 */
public final class HazelcastMember {
    private final AtomicReference<HazelcastProvider> provider = new AtomicReference<>();
    /** Set once the join was accepted: a refused node's member is up, but not the application's to use. */
    private volatile boolean admitted;

    HazelcastMember() {
    }

    /** Wraps an existing member (tests). */
    static HazelcastMember of(HazelcastProvider p) {
        HazelcastMember m = new HazelcastMember();
        m.attach(p);
        m.admit();
        return m;
    }

    void attach(HazelcastProvider p) {
        if (!provider.compareAndSet(null, p)) throw new IllegalStateException("the Hazelcast member is already attached");
    }

    /** The join was accepted: {@link #instance()} serves from now on. */
    void admit() {
        admitted = true;
    }

    /**
     * The running member of an admitted node; 503 while there is none (starting, join refused, or the member
     * stopped). What coordination classes use for their work.
     */
    HazelcastInstance instance() {
        Optional<HazelcastInstance> hz = admitted ? running() : Optional.empty();
        return hz.orElseThrow(() -> new UnavailableException("not a cluster member",
                "this node's Hazelcast member is not running or the node was not admitted (yet)"));
    }

    /** The member if it is running, admitted or not (the lifecycle's own checks, the join decision). */
    Optional<HazelcastInstance> running() {
        HazelcastProvider p = provider.get();
        if (p == null || !p.instance().getLifecycleService().isRunning()) return Optional.empty();
        return Optional.of(p.instance());
    }

    /** The member whether or not it still runs (lifecycle checks), empty before it was obtained. */
    Optional<HazelcastInstance> obtained() {
        HazelcastProvider p = provider.get();
        return p == null ? Optional.empty() : Optional.of(p.instance());
    }

    /** Whether this node started the member itself (not Payara's). */
    public boolean embedded() {
        HazelcastProvider p = provider.get();
        return p != null && p.embedded();
    }

    /** Whether the member is up and running. */
    public boolean isRunning() {
        return running().isPresent();
    }

    /** Whether the node was admitted and its member runs. */
    public boolean isAdmitted() {
        return admitted && isRunning();
    }

    /** Shuts an embedded member down (Payara's belongs to the server). */
    void close() {
        HazelcastProvider p = provider.get();
        if (p != null) p.close();
    }
}
