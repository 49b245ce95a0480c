package org.pyql.coordination;

import java.util.List;

/** Hand-made quorum snapshots for tests that drive {@link QuorumService} directly. */
final class Snapshots {
    private Snapshots() {
    }

    static QuorumSnapshot of(boolean inQuorum, boolean writable, String reason, long timeMillis) {
        return new QuorumSnapshot("test-node", "cluster", NodeLifecycle.Phase.RUNNING.name(), inQuorum && writable,
                inQuorum, writable, reason, List.of("test-node"), List.of(), timeMillis,
                new QuorumSnapshot.Cp("cp", 3, true, 3, 3, null, 3, timeMillis, null, 0, 0, 0), null);
    }

    /** In quorum, state loaded, taken now. */
    static QuorumSnapshot writableNow() {
        return of(true, true, "ready", System.currentTimeMillis());
    }
}
