package org.pyql.endpoint.replication;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.endpoint.DataStore;
import org.pyql.endpoint.DataStores;
import org.pyql.error.BadRequestException;
import org.pyql.replication.BatchResult;
import org.pyql.replication.LogEntry;
import org.pyql.replication.ReplicaClaim;
import org.pyql.replication.ReplicaPosition;
import org.pyql.replication.ReplicationBatch;

/** The replication routes of an endpoint database in one place: claims, positions, the sequenced apply, the log. */
@ApplicationScoped
public class ReplicationService {
    public static final int DEFAULT_LOG_PAGE = 1000;
    public static final int MAX_LOG_PAGE = 10_000;

    @Inject
    private DataStores stores;
    @Inject
    private ReplicationClaims claims;
    @Inject
    private SequencedApply applier;

    /** A database's identity and its claimed tables. */
    public record Overview(Database database, List<ReplicaPosition> tables) {
    }

    public record Database(String name, String uuid) {
    }

    /** A page of the log for catch-up by replay: {@code first_seq} is the oldest entry retained (0 = none). */
    public record LogPage(@com.fasterxml.jackson.annotation.JsonProperty("first_seq") long firstSeq,
                          List<LogEntry> entries) {
    }

    public Overview overview(String db) {
        return new Overview(new Database(db, claims.databaseUuid(db)), claims.claimed(db));
    }

    public ReplicaPosition claim(String db, String table, ReplicaClaim claim) {
        if (claim == null || blank(claim.cluster()) || blank(claim.clusterName())) {
            throw new BadRequestException("a claim needs cluster and cluster_name",
                    "{\"cluster\": \"<cluster id>\", \"cluster_name\": \"<name>\"}");
        }
        return claims.claim(db, table, claim);
    }

    public ReplicaPosition release(String db, String table) {
        return claims.release(db, table);
    }

    public ReplicaPosition position(String db, String table) {
        return claims.position(db, table);
    }

    public BatchResult apply(String db, String table, ReplicationBatch batch) {
        return applier.apply(db, table, batch);
    }

    /** Entries from seq {@code from} (default 1), at most {@code limit} (default 1000, at most 10000). */
    public LogPage log(String db, String table, Long from, Long limit) {
        long start = from == null ? 1 : from;
        long max = limit == null ? DEFAULT_LOG_PAGE : limit;
        if (start < 1) throw new BadRequestException("from must be at least 1", "got " + start);
        if (max < 1 || max > MAX_LOG_PAGE) {
            throw new BadRequestException("limit must be 1.." + MAX_LOG_PAGE, "got " + max);
        }
        claims.position(db, table);   // 404 for internal names
        DataStore store = stores.require(db);
        return store.withConnection(c -> new LogPage(ReplicationLog.firstSeq(c, table),
                ReplicationLog.page(c, table, start, (int) max)));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
