package org.pyql.coordination;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;

import org.pyql.error.AlreadyExistsException;
import org.pyql.error.ConflictException;
import org.pyql.error.NotFoundException;
import org.pyql.error.UnavailableException;
import org.pyql.error.VersionConflictException;
import org.pyql.state.MetadataEntity;
import org.pyql.state.StateStore;

/**
 * The one way to read and write replicated cluster metadata ({@link StateKind}: nodes, clusters, endpoints, tables,
 * replicas, jobs).
 *
 * <ul>
 *   <li><b>Live copy</b>: a Hazelcast map per kind ({@code pyql.state.*}: a backup on every member, writes refused by
 *       split-brain protection in a minority). Values are the entity as a JSON string.</li>
 *   <li><b>Writes</b> need quorum and loaded state ({@link QuorumService#requireWritable()}), and are optimistic: the
 *       caller passes the version it read, the map entry is replaced only if it still holds exactly that version
 *       ({@code IMap.replace(key, old, new)}), and the new version is the old one plus one. A lost race is 409.</li>
 *   <li><b>Durability</b>: every node listens to every map and stores each change in its local state DB when it is newer
 *       than what it has (the writer also stores it before answering). Deletes are tombstones.</li>
 *   <li><b>Restore</b>: whenever a node gains quorum (and when a map partition is lost) it reconciles: rows its DB has
 *       in a newer version than the map (or that the map lacks, e.g. after a full-cluster restart) go into the map,
 *       newer map rows go into its DB. Any single survivor's DB can so bring back the whole metadata.</li>
 * </ul>
 * Nothing here uses CP data structures: Payara resets CP after a majority loss and its data is gone.
 *
 * <p>Slightly over 400 lines on purpose: the optimistic-write loop, the local persistence it races with and the
 * reconcile that repairs both share one lock and one version rule; split apart, that rule would live in two places.
 * The change watchers and generation counters are the part to move out if it grows.
 */
@ApplicationScoped
public class ClusterStateService {
    private static final Logger LOG = Logger.getLogger(ClusterStateService.class.getName());
    private static final int MAX_RACE_RETRIES = 20;

    private final StateStore store;
    private final QuorumService quorum;
    private final HazelcastMember member;

    private volatile boolean attached;
    private volatile String nodeId;
    /** Asks the coordination thread for a reconcile (a lost partition, a change the local DB missed); set by attach. */
    private volatile Runnable requestReconcile;
    private final Object localLock = new Object();
    /** Per kind, who hears each row as it changes ({@link #watch}). */
    private final Map<StateKind<?>, List<Consumer<MetadataEntity>>> watchers = new ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicLong> generations =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** For CDI's client proxy only. */
    protected ClusterStateService() {
        this(null, null, null);
    }

    @Inject
    public ClusterStateService(StateStore store, QuorumService quorum, HazelcastMember member) {
        this.store = store;
        this.quorum = quorum;
        this.member = member;
    }

    /**
     * Starts listening on the state maps; called once the node's member is up and admitted. Until then (and on a node
     * that was refused) the maps are not this node's business: reads and writes answer 503.
     */
    void attach(String localNodeId, Runnable requestReconcile) {
        HazelcastInstance instance = member.instance();
        this.nodeId = localNodeId;
        this.requestReconcile = requestReconcile;
        attached = true;   // first, as watch() replays only once attached: a watcher added meanwhile is not missed
        for (StateKind<?> kind : StateKind.ALL) {
            IMap<String, String> m = instance.getMap(kind.mapName());
            m.addEntryListener(new Persister(kind), true);
            replay(instance, kind, watchers.getOrDefault(kind, List.of()));
            m.addPartitionLostListener(event -> {
                LOG.warning(() -> "partition " + event.getPartitionId() + " of " + kind.mapName()
                        + " lost; reloading metadata from the local state DB");
                requestReconcile.run();
            });
        }
    }

    /**
     * Calls {@code onChange} with every row of {@code kind} now (once this node is a member) and then with each row
     * as it changes on any node, tombstones included ({@link MetadataEntity#isDeleted()}): what in-memory indexes and
     * caches are kept by. A row may come more than once and, across threads, out of order; compare versions.
     * Changes written by this node are delivered before the write returns.
     */
    @SuppressWarnings("unchecked")
    public <E extends MetadataEntity> void watch(StateKind<E> kind, Consumer<? super E> onChange) {
        Consumer<MetadataEntity> w = e -> ((Consumer<Object>) (Consumer<?>) onChange).accept(e);
        watchers.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>()).add(w);
        HazelcastInstance h = attached ? member.running().orElse(null) : null;
        if (h != null) replay(h, kind, List.of(w));
    }

    private void replay(HazelcastInstance hz, StateKind<?> kind, List<Consumer<MetadataEntity>> to) {
        if (to.isEmpty()) return;
        for (String json : hz.<String, String>getMap(kind.mapName()).values()) {
            notifyWatchers(kind, StateJson.read(kind.type(), json), to);
        }
    }

    private void notifyWatchers(StateKind<?> kind, MetadataEntity row) {
        notifyWatchers(kind, row, watchers.getOrDefault(kind, List.of()));
    }

    private static void notifyWatchers(StateKind<?> kind, MetadataEntity row, List<Consumer<MetadataEntity>> to) {
        for (Consumer<MetadataEntity> w : to) {
            try {
                w.accept(row);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a watcher of " + kind.name() + " failed on " + row.getId(), e);
            }
        }
    }

    // ------------------------------------------------------------------ reads (no quorum needed)

    public <E extends MetadataEntity> Optional<E> get(StateKind<E> kind, String id) {
        String json = map(kind).get(id);
        if (json == null) return Optional.empty();
        E e = StateJson.read(kind.type(), json);
        return e.isDeleted() ? Optional.empty() : Optional.of(e);
    }

    public <E extends MetadataEntity> List<E> list(StateKind<E> kind) {
        return list(kind, e -> true);
    }

    public <E extends MetadataEntity> List<E> list(StateKind<E> kind, Predicate<? super E> filter) {
        List<E> out = new ArrayList<>();
        for (String json : map(kind).values()) {
            E e = StateJson.read(kind.type(), json);
            if (!e.isDeleted() && filter.test(e)) out.add(e);
        }
        out.sort((a, b) -> a.getId().compareTo(b.getId()));
        return out;
    }

    // ------------------------------------------------------------------ writes (quorum + optimistic version)

    /** Inserts a new row (version 1, or the version after a tombstone); 409 when the id exists. */
    public <E extends MetadataEntity> E create(StateKind<E> kind, E entity) {
        quorum.requireWritable();
        IMap<String, String> m = map(kind);
        String id = requireId(entity);
        for (int attempt = 0; attempt < MAX_RACE_RETRIES; attempt++) {
            String current = m.get(id);
            long base = 0;
            if (current != null) {
                E existing = StateJson.read(kind.type(), current);
                if (!existing.isDeleted()) {
                    throw new AlreadyExistsException(kind.name() + " " + id + " already exists", "version " + existing.getVersion());
                }
                base = existing.getVersion();
            }
            entity.stamp(base + 1, false, System.currentTimeMillis(), nodeId);
            String json = StateJson.write(entity);
            String cur = current;
            boolean done = mapWrite(() -> cur == null ? m.putIfAbsent(id, json) == null : m.replace(id, cur, json));
            if (done) {
                persistLocal(kind, entity);
                notifyWatchers(kind, entity);
                return entity;
            }
        }
        throw new ConflictException("concurrent writes to " + kind.name() + " " + id, "try again");
    }

    /**
     * Replaces a row. {@code entity.getVersion()} must be the version the caller read (as {@link #get} returns it);
     * 409 when someone changed it since, 404 when it does not exist.
     */
    public <E extends MetadataEntity> E update(StateKind<E> kind, E entity) {
        return write(kind, entity, false);
    }

    /** Deletes a row (a tombstone); the version rules of {@link #update} apply. */
    public <E extends MetadataEntity> E delete(StateKind<E> kind, E entity) {
        return write(kind, entity, true);
    }

    /** Read-modify-write with retries on concurrent changes; 404 when the row does not exist. */
    public <E extends MetadataEntity> E modify(StateKind<E> kind, String id, Consumer<E> change) {
        for (int attempt = 0; ; attempt++) {
            E e = get(kind, id).orElseThrow(() -> new NotFoundException(kind.name() + " " + id + " not found"));
            change.accept(e);
            try {
                return update(kind, e);
            } catch (VersionConflictException c) {
                if (attempt >= MAX_RACE_RETRIES) throw c;
            }
        }
    }

    /** Creates the row when it is absent, else applies {@code change} to the current one (both under quorum). */
    public <E extends MetadataEntity> E upsert(StateKind<E> kind, E fresh, Consumer<E> change) {
        for (int attempt = 0; ; attempt++) {
            Optional<E> current = get(kind, fresh.getId());
            try {
                if (current.isEmpty()) return create(kind, fresh);
                E e = current.get();
                change.accept(e);
                return update(kind, e);
            } catch (AlreadyExistsException | VersionConflictException c) {   // a concurrent create or update
                if (attempt >= MAX_RACE_RETRIES) throw c;
            }
        }
    }

    private <E extends MetadataEntity> E write(StateKind<E> kind, E entity, boolean delete) {
        quorum.requireWritable();
        IMap<String, String> m = map(kind);
        String id = requireId(entity);
        String current = m.get(id);
        if (current == null) throw new NotFoundException(kind.name() + " " + id + " not found");
        E existing = StateJson.read(kind.type(), current);
        if (existing.isDeleted()) throw new NotFoundException(kind.name() + " " + id + " not found");
        if (existing.getVersion() != entity.getVersion()) {
            throw new VersionConflictException(kind.name() + " " + id, entity.getVersion(), existing.getVersion());
        }
        entity.stamp(existing.getVersion() + 1, delete, System.currentTimeMillis(), nodeId);
        String json = StateJson.write(entity);
        if (!mapWrite(() -> m.replace(id, current, json))) {
            throw new VersionConflictException(kind.name() + " " + id, existing.getVersion(), -1);
        }
        persistLocal(kind, entity);
        notifyWatchers(kind, entity);
        return entity;
    }

    /**
     * A map write as a client sees it: refused by the split-brain protection (fewer than a majority of members, e.g.
     * in the seconds between a partition and this node noticing it) is 503 not in quorum, nothing written; any other
     * Hazelcast failure (a timeout, the owner left) is 503 with the outcome unknown.
     */
    private boolean mapWrite(java.util.function.BooleanSupplier write) {
        try {
            return write.getAsBoolean();
        } catch (com.hazelcast.splitbrainprotection.SplitBrainProtectionException e) {
            throw new org.pyql.error.NotInQuorumException("not in quorum",
                    "fewer than a majority of members are reachable; nothing was written", quorum.snapshot());
        } catch (com.hazelcast.core.HazelcastException e) {
            throw new UnavailableException("write outcome unknown", "the cluster did not confirm the write ("
                    + e.getClass().getSimpleName() + "); read it back before retrying", e);
        }
    }

    // ------------------------------------------------------------------ local persistence and restore

    /** Stores {@code e} in the local state DB if it is newer than the local row. Returns whether it did. */
    /**
     * A number that changes whenever a row of {@code kind} may have changed on this node (a local write, a map event, a
     * reconcile): in-memory indexes over the state (e.g. the data path's routing index) rebuild when it moved.
     */
    public long generation(StateKind<?> kind) {
        return generations.computeIfAbsent(kind.name(), k -> new java.util.concurrent.atomic.AtomicLong()).get();
    }

    private void bump(StateKind<?> kind) {
        generations.computeIfAbsent(kind.name(), k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
    }

    <E extends MetadataEntity> boolean persistLocal(StateKind<E> kind, E e) {
        bump(kind);
        synchronized (localLock) {
            return store.inTransaction(em -> {
                E existing = em.find(kind.type(), e.getId());
                if (existing == null) {
                    em.persist(e);
                    return true;
                }
                if (e.getVersion() > existing.getVersion()) {
                    em.merge(e);
                    return true;
                }
                return false;
            });
        }
    }

    /** All local rows of a kind, tombstones included. */
    public <E extends MetadataEntity> List<E> localRows(StateKind<E> kind) {
        return store.inTransaction(em -> em.createQuery("select e from " + kind.type().getSimpleName() + " e", kind.type())
                .getResultList());
    }

    /** Result of one {@link #reconcile()}: rows pushed from the local DB into the maps and pulled the other way. */
    public record Reconciled(int pushed, int pulled, int total) {
    }

    /**
     * Makes the maps and the local DB agree, the higher version winning on both sides. Called by the coordinator when
     * this node gains quorum; map writes here are the restore of durable state, not new state.
     */
    public synchronized Reconciled reconcile() {
        IMapAccess access = requireHz();
        int pushed = 0;
        int pulled = 0;
        int total = 0;
        for (StateKind<?> kind : StateKind.ALL) {
            int[] r = reconcile(kind, access);
            pushed += r[0];
            pulled += r[1];
            total += r[2];
        }
        return new Reconciled(pushed, pulled, total);
    }

    private <E extends MetadataEntity> int[] reconcile(StateKind<E> kind, IMapAccess access) {
        IMap<String, String> m = access.hz.getMap(kind.mapName());
        Map<String, Long> localVersions = new HashMap<>();
        int pushed = 0;
        for (E row : localRows(kind)) {
            localVersions.put(row.getId(), row.getVersion());
            String json = StateJson.write(row);
            for (int attempt = 0; attempt < MAX_RACE_RETRIES; attempt++) {
                String current = m.get(row.getId());
                if (current == null) {
                    if (m.putIfAbsent(row.getId(), json) == null) {
                        pushed++;
                        break;
                    }
                } else if (StateJson.version(current) >= row.getVersion()) {
                    break;
                } else if (m.replace(row.getId(), current, json)) {
                    pushed++;
                    break;
                }
            }
        }
        int pulled = 0;
        int total = 0;
        for (Map.Entry<String, String> en : m.entrySet()) {
            total++;
            Long local = localVersions.get(en.getKey());
            if (local == null || StateJson.version(en.getValue()) > local) {
                if (persistLocal(kind, StateJson.read(kind.type(), en.getValue()))) pulled++;
            }
        }
        return new int[] {pushed, pulled, total};
    }

    // ------------------------------------------------------------------ plumbing

    private record IMapAccess(HazelcastInstance hz) {
    }

    private IMapAccess requireHz() {
        HazelcastInstance h = attached ? member.running().orElse(null) : null;
        if (h == null) {
            throw new UnavailableException("cluster state unavailable", "this node is not (yet) a cluster member");
        }
        return new IMapAccess(h);
    }

    private IMap<String, String> map(StateKind<?> kind) {
        return requireHz().hz.getMap(kind.mapName());
    }

    private static String requireId(MetadataEntity e) {
        if (e.getId() == null || e.getId().isBlank()) throw new IllegalArgumentException("metadata row without id");
        return e.getId();
    }

    /** A fresh random id for new rows. */
    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Stores every change of one map in the local state DB (runs on Hazelcast event threads). */
    private final class Persister implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
            EntryMergedListener<String, String> {
        private final StateKind<?> kind;

        Persister(StateKind<?> kind) {
            this.kind = kind;
        }

        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            store(event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            store(event.getValue());
        }

        @Override
        public void entryMerged(EntryEvent<String, String> event) {
            store(event.getValue());
        }

        private void store(String json) {
            if (json == null) return;
            try {
                persist(kind, json);
            } catch (RuntimeException e) {
                // the local DB is the durable copy: a change it missed must not wait for the next quorum gain
                LOG.log(Level.WARNING, "cannot store a " + kind.name() + " change locally; reconciling the local DB "
                        + "with the cluster state on the next tick", e);
                Runnable r = requestReconcile;
                if (r != null) r.run();
            }
        }

        private <E extends MetadataEntity> void persist(StateKind<E> k, String json) {
            E row = StateJson.read(k.type(), json);
            try {
                persistLocal(k, row);
            } finally {
                notifyWatchers(k, row);   // caches and indexes follow the live copy even when the local DB fails
            }
        }
    }
}
