package org.pyql.endpoint.replication;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.config.ReplicationSettings;
import org.pyql.endpoint.DataStore;
import org.pyql.endpoint.DataStores;
import org.pyql.endpoint.TableCreator;
import org.pyql.endpoint.TableWriter;
import org.pyql.endpoint.WriteAction;
import org.pyql.error.BadRequestException;
import org.pyql.error.ConflictException;
import org.pyql.error.NotFoundException;
import org.pyql.error.PyqlException;
import org.pyql.error.ReplicaConflictException;
import org.pyql.query.Dialect;
import org.pyql.query.TableDefinitions;
import org.pyql.query.TableSchema;
import org.pyql.replication.BatchResult;
import org.pyql.replication.OpOutcome;
import org.pyql.replication.ReplicaClaim;
import org.pyql.replication.ReplicatedOp;
import org.pyql.replication.ReplicationBatch;

/**
 * Applies a table leader's batch exactly once and in order (see the package notes): refuses a stale term or a gap,
 * answers redelivered ops from the log, runs every fresh op under a savepoint on the one write path
 * ({@link TableWriter#compile}/{@link TableWriter#execute}), so a deterministic failure is that op's outcome and the
 * batch goes on, and commits each segment together with its log entries and the new position.
 */
@ApplicationScoped
public class SequencedApply {
    /** The status of a redelivered op whose outcome the log no longer holds (pruned): the replica cannot vouch for it. */
    static final int OUTCOME_PRUNED = 410;

    @Inject
    private DataStores stores;
    @Inject
    private ReplicationClaims claims;
    @Inject
    private TableWriter writer;
    @Inject
    private TableCreator creator;

    private LogRetention retention;

    @PostConstruct
    void init() {
        retention = LogRetention.of(ReplicationSettings.load());
    }

    public BatchResult apply(String db, String table, ReplicationBatch batch) {
        ApplyPlan.validate(batch, table);
        DataStore store = stores.require(db);
        if (DataStore.isInternalTable(table)) throw ReplicationClaims.unknownTable(store, table);
        ReplicationClaims.Replicas r = claims.replicas(store);
        ReentrantLock lock = r.lock(table);
        lock.lock();
        try {
            return applyLocked(store, r, table, batch);
        } finally {
            lock.unlock();
        }
    }

    private BatchResult applyLocked(DataStore store, ReplicationClaims.Replicas r, String table, ReplicationBatch batch) {
        TablePosition pos = r.position(table);
        if (pos.claim() != null && !pos.claim().cluster().equals(batch.cluster())) {
            throw ReplicationClaims.belongsTo(table, pos.claim());
        }
        ApplyPlan.Refusal refusal = ApplyPlan.refusal(batch, pos.term(), pos.appliedSeq());
        if (refusal == ApplyPlan.Refusal.STALE_TERM) {
            throw new ReplicaConflictException("stale term", "batch term " + batch.term() + " is below term "
                    + pos.term() + " of this replica", pos.toWire(table));
        }
        if (refusal == ApplyPlan.Refusal.SEQUENCE_GAP) {
            throw new ReplicaConflictException("sequence gap", "batch starts at seq " + batch.fromSeq()
                    + " but this replica applied up to " + pos.appliedSeq(), pos.toWire(table));
        }
        ApplyPlan plan = ApplyPlan.of(batch, pos.appliedSeq());
        ReplicaClaim newClaim = null;
        if (pos.claim() == null && plan.firstFresh() == null) {
            // a fence (empty batch) before the table exists here: nothing to protect yet, its create will carry the term
            return new BatchResult(Math.max(pos.term(), batch.term()), pos.appliedSeq(), List.of());
        }
        if (pos.claim() == null) {
            ReplicatedOp first = plan.firstFresh();
            boolean creates = first != null && first.action().equals(ReplicatedOp.CREATE);
            if (!creates && store.table(table).isEmpty()) {
                throw new NotFoundException("table " + table + " not found in database " + store.name(),
                        "a batch for a table that does not exist starts with a create");
            }
            // the cluster's name arrives with an explicit claim (PUT); until then the id stands in for it
            newClaim = new ReplicaClaim(batch.cluster(), batch.cluster());
        }
        Map<Long, OpOutcome> outcomes = new HashMap<>();
        if (!plan.redelivered().isEmpty()) outcomes.putAll(storedOutcomes(store, table, plan.redelivered(), pos));
        long term = Math.max(pos.term(), batch.term());
        TablePosition current = pos;
        for (List<ReplicatedOp> segment : plan.segments()) {
            current = applySegment(store, r, table, newClaim, term, segment, current, outcomes);
            newClaim = null;
        }
        if (plan.segments().isEmpty() && term > current.term()) {
            long applied = current.appliedSeq();
            store.inTransaction(c -> {
                PositionStore.advance(c, table, term, applied);
                return null;
            });
            current = new TablePosition(current.claim(), term, applied, current.logFirstSeq());
            r.positions.put(table, current);
        }
        List<OpOutcome> ordered = new ArrayList<>(batch.ops().size());
        for (ReplicatedOp op : batch.ops()) ordered.add(outcomes.get(op.seq()));
        return new BatchResult(current.term(), current.appliedSeq(), ordered);
    }

    /**
     * The logged outcomes of redelivered ops. A seq logged with another op than the one redelivered means this replica
     * applied a batch its leader never got acknowledged (the answer was lost, the seqs were reused): it is ahead with
     * writes nobody else has, so it refuses the batch whole (409 {@code sequence conflict}) and must be resynced.
     */
    private static Map<Long, OpOutcome> storedOutcomes(DataStore store, String table, List<ReplicatedOp> ops,
                                                       TablePosition pos) {
        long from = ops.get(0).seq();
        long to = ops.get(ops.size() - 1).seq();
        Map<Long, ReplicationLog.Stored> logged = store.withConnection(c -> ReplicationLog.stored(c, table, from, to));
        Map<Long, OpOutcome> found = new HashMap<>();
        for (ReplicatedOp op : ops) {
            ReplicationLog.Stored s = logged.get(op.seq());
            if (s == null) {
                found.put(op.seq(), new OpOutcome(op.seq(), OUTCOME_PRUNED, OutcomeJson.error(
                        "outcome no longer in the replication log", "seq " + op.seq() + " was applied here and its log"
                                + " entry pruned")));
            } else if (!s.isSameOp(op)) {
                throw new ReplicaConflictException("sequence conflict", "seq " + op.seq() + " was applied here as another "
                        + s.action() + " op than the one redelivered", pos.toWire(table));
            } else {
                found.put(op.seq(), s.outcome());
            }
        }
        return found;
    }

    /**
     * One transaction: the claim when this batch makes it, every op under a savepoint, the log entries, the new
     * position, the retention prune. A create on MySQL runs its DDL first (MySQL commits DDL at once) and records the
     * rest in the transaction after it; redelivering that create finds the table and answers a no-op success.
     */
    private TablePosition applySegment(DataStore store, ReplicationClaims.Replicas r, String table, ReplicaClaim newClaim,
                                       long term, List<ReplicatedOp> segment, TablePosition before,
                                       Map<Long, OpOutcome> outcomes) {
        boolean create = segment.get(0).action().equals(ReplicatedOp.CREATE);
        OpOutcome ddlOutcome = create && store.dialect() == Dialect.MYSQL ? createOutcome(store, table, segment.get(0), null)
                : null;
        long now = System.currentTimeMillis();
        long last = segment.get(segment.size() - 1).seq();
        boolean ageCheck = retention.ageCheckDue(r.lastAgeCheck.getOrDefault(table, 0L), now);
        ReplicaClaim claim = newClaim != null ? newClaim : before.claim();
        long firstSeq = store.inTransaction(c -> {
                if (newClaim != null) PositionStore.insertClaim(c, table, newClaim, term, 0);
                List<ReplicationLog.Row> rows = new ArrayList<>(segment.size());
                for (ReplicatedOp op : segment) {
                    OpOutcome o = ddlOutcome != null ? ddlOutcome : runUnderSavepoint(c, store, table, op);
                    rows.add(new ReplicationLog.Row(op, term, o, now));
                    outcomes.put(op.seq(), o);
                }
                ReplicationLog.append(c, table, rows);
                PositionStore.advance(c, table, term, last);
                return prune(c, table, last, now, ageCheck, before.logFirstSeq() == 0 ? segment.get(0).seq()
                        : before.logFirstSeq());
            });
        if (create) store.refreshSchema();   // the next segment compiles against the new table
        if (ageCheck) r.lastAgeCheck.put(table, now);
        TablePosition after = new TablePosition(claim, term, last, firstSeq);
        r.positions.put(table, after);
        return after;
    }

    /** Prunes the log by seq and (when due) by age; returns the oldest seq left. */
    private long prune(Connection c, String table, long applied, long now, boolean ageCheck, long firstSeq)
            throws SQLException {
        int removed = 0;
        long upTo = retention.pruneUpToSeq(applied);
        if (upTo >= firstSeq && upTo > 0) removed += ReplicationLog.pruneUpTo(c, table, upTo);
        if (ageCheck) removed += ReplicationLog.pruneAppliedBefore(c, table, retention.pruneBeforeMillis(now));
        return removed > 0 ? ReplicationLog.firstSeq(c, table) : firstSeq;
    }

    /** One op on the batch's connection: its outcome; a client-class failure is rolled back to the savepoint only. */
    private OpOutcome runUnderSavepoint(Connection c, DataStore store, String table, ReplicatedOp op) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try {
            OpOutcome o = op.action().equals(ReplicatedOp.CREATE) ? createOutcome(store, table, op, c)
                    : new OpOutcome(op.seq(), 200, OutcomeJson.of(writer.execute(c,
                            writer.compile(store, action(op), table, op.key(), op.body()))));
            if (o.status() == 200) {
                c.releaseSavepoint(sp);
            } else {
                c.rollback(sp);
            }
            return o;
        } catch (PyqlException e) {
            if (e.status() >= 500) throw e;   // not deterministic (database down, unexpected): the batch fails here
            c.rollback(sp);
            return new OpOutcome(op.seq(), e.status(), OutcomeJson.error(e));
        }
    }

    /**
     * A create op's outcome: the table is created (on {@code c} inside the transaction for SQLite; with its own
     * implicit commit on MySQL, {@code c} null), or it exists with the same definition (a no-op success), or with
     * another one (409). 4xx failures are outcomes, never exceptions.
     */
    private OpOutcome createOutcome(DataStore store, String table, ReplicatedOp op, Connection c) {
        try {
            List<TableSchema> defs = TableDefinitions.parse(op.body());
            if (defs.size() != 1 || !defs.get(0).name().equals(table)) {
                throw new BadRequestException("create op does not define table " + table,
                        "a create op carries exactly the batch table's config");
            }
            store.refreshSchema();
            Optional<TableSchema> existing = store.table(table);
            String message;
            if (existing.isPresent()) {
                if (!TableDefinitionMatch.same(existing.get(), defs.get(0))) {
                    throw new ConflictException("table " + table + " exists with a different definition",
                            "existing: " + TableDefinitions.toConfig(existing.get()));
                }
                message = "table " + table + " exists with this definition";
            } else {
                if (c != null) {
                    creator.createInTransaction(c, store, creator.validate(store, op.body(), table));
                } else {
                    creator.create(store, op.body(), table);
                }
                message = "table " + table + " created successfully";   // the /db create answer
            }
            ObjectNode content = OutcomeJson.MAPPER.createObjectNode().put("message", message);
            content.putArray("tables").add(table);
            return new OpOutcome(op.seq(), 200, content);
        } catch (PyqlException e) {
            if (e.status() >= 500) throw e;
            return new OpOutcome(op.seq(), e.status(), OutcomeJson.error(e));
        }
    }

    private static WriteAction action(ReplicatedOp op) {
        return switch (op.action()) {
            case ReplicatedOp.INSERT -> WriteAction.INSERT;
            case ReplicatedOp.UPDATE -> WriteAction.UPDATE;
            case ReplicatedOp.DELETE -> WriteAction.DELETE;
            case ReplicatedOp.UPDATE_KEY -> WriteAction.UPDATE_KEY;
            case ReplicatedOp.DELETE_KEY -> WriteAction.DELETE_KEY;
            default -> throw new IllegalArgumentException("not a row write: " + op.action());
        };
    }
}
