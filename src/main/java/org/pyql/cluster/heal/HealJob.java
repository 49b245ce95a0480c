package org.pyql.cluster.heal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.pyql.cluster.route.TableKey;
import org.pyql.state.JobEntity;

/**
 * What a healing job carries in its {@link JobEntity#getConfig() config}: the replica it heals, how (replay or
 * snapshot), its progress (and the donor it copies or replays from), attempts and when the next one is due. One durable job row per replica (its id follows
 * from cluster, table and replica, so two nodes queueing the same healing make one row); it is reused by later
 * healings of that replica.
 */
record HealJob(String cluster, String table, String replica, String method, String phase, long done, long total,
               double percent, double rate, int attempts, @JsonProperty("next_attempt_at") long nextAttemptAt,
               @JsonProperty("heartbeat_at") long heartbeatAt, String result, String donor) {
    static final String TYPE = "syncjobs";
    static final String ACTION = "heal";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    static String id(TableKey key, String replica) {
        return UUID.nameUUIDFromBytes(("heal:" + key.clusterId() + "/" + key.table() + "/" + replica)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    static HealJob fresh(TableKey key, String replica) {
        return new HealJob(key.clusterId(), key.table(), replica, "replay", "queued", 0, 0, 0, 0, 0, 0, 0, null, null);
    }

    TableKey key() {
        return new TableKey(cluster, table);
    }

    HealJob withProgress(Progress.Reading r, long now) {
        return new HealJob(cluster, table, replica, method, r.phase(), r.done(), r.total(), r.percent(), r.rate(), attempts,
                nextAttemptAt, now, result, r.donor());
    }

    HealJob withMethod(String m) {
        return new HealJob(cluster, table, replica, m, phase, done, total, percent, rate, attempts, nextAttemptAt,
                heartbeatAt, result, donor);
    }

    HealJob attempted(long next, String outcome) {
        return new HealJob(cluster, table, replica, method, phase, done, total, percent, rate, attempts + 1, next,
                System.currentTimeMillis(), outcome, donor);
    }

    HealJob restarted() {
        return new HealJob(cluster, table, replica, "replay", "queued", 0, 0, 0, 0, 0, 0, 0, null, null);
    }

    HealJob heartbeat(long now) {
        return new HealJob(cluster, table, replica, method, phase, done, total, percent, rate, attempts, nextAttemptAt,
                now, result, donor);
    }

    static HealJob of(JobEntity e) {
        try {
            return JSON.readValue(e.getConfig(), HealJob.class);
        } catch (IOException ex) {
            throw new UncheckedIOException("unreadable healing job " + e.getId(), ex);
        }
    }

    String text() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
