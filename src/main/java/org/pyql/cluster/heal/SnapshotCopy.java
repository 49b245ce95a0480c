package org.pyql.cluster.heal;

import jakarta.enterprise.context.ApplicationScoped;

import org.pyql.cluster.route.TableKey;

/** Fills a replica by a full copy of the table from an in-sync donor (Galera's SST). */
@ApplicationScoped
public class SnapshotCopy {
    ReplicaHealing.Attempt copy(TableKey key, String replica, ReplicaCalls calls, Progress progress, String why) {
        return new ReplicaHealing.Attempt(ReplicaHealing.Outcome.RETRY, "needs a snapshot (" + why
                + "), which this node cannot do yet");
    }
}
