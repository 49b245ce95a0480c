package org.pyql.cluster.route;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.error.UnavailableException;

/**
 * Reads go to in-sync replicas only, the one with the fewest requests outstanding from this node first (ties broken
 * round-robin); a replica that fails is counted and the next one is tried. 4xx answers are the client's (a bad
 * select is bad on every replica) and are returned as they are, except 409 "replica behind" on strong reads.
 */
@ApplicationScoped
public class ReadRouter {
    private static final Logger LOG = Logger.getLogger(ReadRouter.class.getName());
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    @Inject
    private EndpointClient client;

    private final Map<String, AtomicInteger> outstanding = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final AtomicInteger turn = new AtomicInteger();

    /**
     * Sends the read to the best in-sync replica and returns its answer; 503 when there is none or all failed.
     * {@code minSeq}: a strong read's required seq (null for a default read).
     */
    public EndpointClient.Reply read(TableKey key, List<Replica> inSync, String method, String suffix, byte[] body,
                                     Long minSeq) {
        if (inSync.isEmpty()) {
            throw new UnavailableException("no in-sync replica", "table " + key.table() + " has no replica in sync now");
        }
        List<String> errors = new ArrayList<>();
        for (Replica r : order(inSync)) {
            AtomicInteger n = outstanding.computeIfAbsent(r.endpointId(), k -> new AtomicInteger());
            n.incrementAndGet();
            EndpointClient.Reply reply;
            try {
                reply = client.send(r, method, suffix, body, minSeq, READ_TIMEOUT).join();
            } finally {
                n.decrementAndGet();
            }
            if (reply.answered() && reply.status() < 500 && !(minSeq != null && reply.status() == 409)) return reply;
            failures.computeIfAbsent(r.endpointId(), k -> new AtomicLong()).incrementAndGet();
            errors.add(r.endpointId() + ": " + reply);
            LOG.fine(() -> "read of " + key + " from " + r + " failed: " + reply + "; trying the next replica");
        }
        throw new UnavailableException("no in-sync replica answered", String.join("; ", errors));
    }

    /** Failed reads per endpoint since start, for the health view. */
    public long failures(String endpointId) {
        AtomicLong f = failures.get(endpointId);
        return f == null ? 0 : f.get();
    }

    private List<Replica> order(List<Replica> inSync) {
        int start = Math.floorMod(turn.getAndIncrement(), inSync.size());
        List<Replica> rotated = new ArrayList<>(inSync.size());
        for (int i = 0; i < inSync.size(); i++) rotated.add(inSync.get((start + i) % inSync.size()));
        rotated.sort(Comparator.comparingInt(r -> {
            AtomicInteger n = outstanding.get(r.endpointId());
            return n == null ? 0 : n.get();
        }));
        return rotated;
    }
}
