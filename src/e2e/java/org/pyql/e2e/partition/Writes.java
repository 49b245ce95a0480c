package org.pyql.e2e.partition;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The user registrations a partition test sent, by outcome: acknowledged (201: must end up on every node), refused by
 * the quorum gate (503 "not in quorum" / "cluster state loading": must end up on none) or unknown (a timeout, another
 * error: either is fine).
 */
final class Writes {
    private final String prefix = "pt" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private final AtomicInteger counter = new AtomicInteger();
    private final Map<String, String> outcome = new ConcurrentHashMap<>();

    String next() {
        return prefix + "u" + counter.incrementAndGet();
    }

    static Map<String, String> body(String user) {
        return Map.of("username", user, "email", user + "@partition.example.org", "password", "partition-pw-" + user);
    }

    void record(String user, Http.Answer a) {
        String e = a.error();
        outcome.put(user, a.status() == 201 ? "acked"
                : a.status() == 503 && (e.equals("not in quorum") || e.equals("cluster state loading")) ? "refused"
                : "unknown");
    }

    Set<String> acked() {
        return with("acked");
    }

    Set<String> refused() {
        return with("refused");
    }

    int unknown() {
        return with("unknown").size();
    }

    private Set<String> with(String kind) {
        Set<String> s = new TreeSet<>();
        outcome.forEach((u, k) -> {
            if (k.equals(kind)) s.add(u);
        });
        return s;
    }
}
