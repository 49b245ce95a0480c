package org.pyql.endpoint.replication;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.endpoint.DataStore;
import org.pyql.endpoint.DataStores;
import org.pyql.error.ConflictException;
import org.pyql.error.NotFoundException;
import org.pyql.error.ReplicaConflictException;
import org.pyql.replication.ReplicaClaim;
import org.pyql.replication.ReplicaPosition;

/**
 * Which tables of this endpoint's databases belong to a data cluster, and where each stands: loaded from
 * {@value InternalTables#POSITIONS} when a database is first reached, then kept in memory and replaced after every
 * commit that changes it, so the checks on the {@code /db} path ({@link #requireWritable}, {@link #requireApplied})
 * cost a map lookup. Claiming and releasing happen here too; the sequenced apply is {@link SequencedApply}.
 */
@ApplicationScoped
public class ReplicationClaims {
    private static final Logger LOG = Logger.getLogger(ReplicationClaims.class.getName());

    @Inject
    private DataStores stores;

    private final ConcurrentMap<String, Replicas> byDb = new ConcurrentHashMap<>();

    /** One database's identity, positions, per-table apply locks and when its tables' logs were last age-pruned. */
    static final class Replicas {
        final String uuid;
        final ConcurrentMap<String, TablePosition> positions;
        private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
        final ConcurrentMap<String, Long> lastAgeCheck = new ConcurrentHashMap<>();

        Replicas(String uuid, Map<String, TablePosition> loaded) {
            this.uuid = uuid;
            this.positions = new ConcurrentHashMap<>(loaded);
        }

        TablePosition position(String table) {
            return positions.getOrDefault(table, TablePosition.NONE);
        }

        /** Serialises claim, release and apply of one table (the sequencer sends one batch at a time anyway). */
        ReentrantLock lock(String table) {
            return locks.computeIfAbsent(table, t -> new ReentrantLock());
        }
    }

    /** Creates the internal tables and loads the claims of every database now; one that is down is loaded on use. */
    public void openAll() {
        for (DataStore store : stores.all()) {
            try {
                replicas(store);
            } catch (RuntimeException e) {
                LOG.warning(() -> "replication state of database " + store.name() + " not loaded at start ("
                        + e.getMessage() + "); will retry on use");
            }
        }
    }

    /** The data cluster that owns {@code table} of {@code db}, if any (404 for an unknown database). */
    public Optional<ReplicaClaim> clusterOf(String db, String table) {
        return Optional.ofNullable(replicas(stores.require(db)).position(table).claim());
    }

    /** 409 naming the cluster when the table belongs to one: {@code /db} writes would bypass its write order. */
    public void requireWritable(String db, String table) {
        clusterOf(db, table).ifPresent(c -> {
            throw belongsTo(table, c);
        });
    }

    /**
     * For a strong read ({@code X-Pyql-Min-Seq: minSeq}): 409 {@code replica behind} with the position unless this
     * replica applied at least {@code minSeq} of the table.
     */
    public void requireApplied(String db, String table, long minSeq) {
        TablePosition p = replicas(stores.require(db)).position(table);
        if (p.appliedSeq() < minSeq) {
            throw new ReplicaConflictException("replica behind", "table " + table + " applied seq " + p.appliedSeq()
                    + " < " + minSeq + " asked for", p.toWire(table));
        }
    }

    static ConflictException belongsTo(String table, ReplicaClaim c) {
        String name = c.clusterName();
        return new ConflictException("table " + table + " belongs to data cluster " + name,
                "write through /cluster/" + name + "/table/" + table);
    }

    /** The database's uuid (its identity as a cluster endpoint), generated at its first use. */
    public String databaseUuid(String db) {
        return replicas(stores.require(db)).uuid;
    }

    /** The claimed tables of a database, by name. */
    public List<ReplicaPosition> claimed(String db) {
        List<ReplicaPosition> out = new ArrayList<>();
        replicas(stores.require(db)).positions.forEach((t, p) -> out.add(p.toWire(t)));
        out.sort(Comparator.comparing(ReplicaPosition::table));
        return out;
    }

    /** A table's position; zeros for a table no cluster claimed; 404 for internal names. */
    public ReplicaPosition position(String db, String table) {
        DataStore store = stores.require(db);
        if (DataStore.isInternalTable(table)) throw unknownTable(store, table);
        return replicas(store).position(table).toWire(table);
    }

    /**
     * Gives an existing table to a data cluster: idempotent for the same cluster (a new name is recorded), 409 when
     * another cluster owns it, 404 when the table does not exist.
     */
    public ReplicaPosition claim(String db, String table, ReplicaClaim claim) {
        DataStore store = stores.require(db);
        Replicas r = replicas(store);
        ReentrantLock lock = r.lock(table);
        lock.lock();
        try {
            TablePosition p = r.position(table);
            if (p.claim() != null) {
                if (!p.claim().cluster().equals(claim.cluster())) throw belongsTo(table, p.claim());
                if (!p.claim().clusterName().equals(claim.clusterName())) {
                    store.inTransaction(c -> {
                        PositionStore.renameCluster(c, table, claim.clusterName());
                        return null;
                    });
                    p = new TablePosition(claim, p.term(), p.appliedSeq(), p.logFirstSeq());
                    r.positions.put(table, p);
                }
                return p.toWire(table);
            }
            store.requireTable(table);
            store.inTransaction(c -> {
                PositionStore.insertClaim(c, table, claim, 0, 0);
                return null;
            });
            TablePosition fresh = new TablePosition(claim, 0, 0, 0);
            r.positions.put(table, fresh);
            LOG.info(() -> "table " + table + " of database " + db + " claimed by data cluster " + claim.clusterName());
            return fresh.toWire(table);
        } finally {
            lock.unlock();
        }
    }

    /** Ends a claim: the position and the table's log are dropped; 404 when no cluster claimed the table. */
    public ReplicaPosition release(String db, String table) {
        DataStore store = stores.require(db);
        Replicas r = replicas(store);
        ReentrantLock lock = r.lock(table);
        lock.lock();
        try {
            TablePosition p = r.position(table);
            if (p.claim() == null) {
                throw new NotFoundException("table " + table + " is not claimed by a data cluster", "database " + db);
            }
            store.inTransaction(c -> {
                PositionStore.delete(c, table);
                return null;
            });
            r.positions.remove(table);
            LOG.info(() -> "table " + table + " of database " + db + " released by data cluster " + p.claim().clusterName());
            return p.toWire(table);
        } finally {
            lock.unlock();
        }
    }

    /** The loaded state of a database, loading it (and creating the internal tables) on first use. */
    Replicas replicas(DataStore store) {
        Replicas r = byDb.get(store.name());
        if (r != null) return r;
        synchronized (byDb) {
            r = byDb.get(store.name());
            if (r == null) {
                String uuid = InternalTables.ensure(store);
                Map<String, TablePosition> loaded = store.withConnection(PositionStore::loadAll);
                r = new Replicas(uuid, loaded);
                byDb.put(store.name(), r);
                int n = loaded.size();
                LOG.info(() -> "database " + store.name() + " has uuid " + uuid + " and " + n + " claimed tables");
            }
            return r;
        }
    }

    static NotFoundException unknownTable(DataStore store, String table) {
        return new NotFoundException("table " + table + " not found in database " + store.name());
    }
}
