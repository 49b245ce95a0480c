/**
 * The endpoint side of sequenced replication (see {@code org/pyql/cluster/DESIGN.md}): which tables of this endpoint's
 * databases belong to a data cluster ({@link org.pyql.endpoint.replication.ReplicationClaims}), the exactly-once,
 * in-order apply of a table leader's batches ({@link org.pyql.endpoint.replication.SequencedApply}), and the bounded
 * replication log that answers redeliveries and feeds catch-up by replay.
 *
 * <p>State lives in three internal tables of each database ({@code _pyql_meta}, {@code _pyql_replication},
 * {@code _pyql_replication_log}, see {@link org.pyql.endpoint.replication.InternalTables}), never listed or served by
 * {@code /db}. The position (term, applied seq) of a table is written in the same local transaction as the ops it
 * counts and their log entries, and mirrored in memory after the commit, so {@code /db}'s checks (writes refused on a
 * claimed table, {@code X-Pyql-Min-Seq} strong reads) cost no query.
 *
 * <p>A batch: refused whole when its term is below the stored term (409 {@code stale term}) or when it starts after
 * {@code applied_seq + 1} (409 {@code sequence gap}), changing nothing; ops at or below {@code applied_seq} are not
 * applied again, their stored outcome is returned, unless the log holds another op under that seq (the replica applied
 * a batch whose answer its leader never got, and the seq was reused): then the batch is refused whole (409
 * {@code sequence conflict}), since the replica is ahead with writes nobody acknowledged; every other op runs under a savepoint through the endpoint's one
 * write path ({@code TableWriter.compile}/{@code execute}), and a client-class failure (duplicate key, foreign key, row
 * not found, invalid body: 4xx) is that op's outcome, the same on every replica, while the transaction goes on. A
 * server-class failure (database down) fails the batch and rolls the current segment back.
 *
 * <p>Segments: a {@code create} commits on its own, the ops before and after it in their own transactions. MySQL
 * commits DDL implicitly, so there the create's DDL runs first and its log entry and position are recorded in the
 * transaction after it. A crash between the two leaves the table created but the seq unapplied; the redelivered create
 * then finds the table with the same definition and is a no-op success, so the replica converges.
 *
 * <p>The log keeps, per table, the newest {@code PYQL_REPLICATION_LOG_MAX_ENTRIES} entries younger than
 * {@code PYQL_REPLICATION_LOG_MAX_AGE_SECONDS} ({@link org.pyql.config.ReplicationSettings}), pruned in the apply
 * transaction. A redelivered op whose entry was pruned gets status 410: the replica cannot vouch for its outcome.
 */
package org.pyql.endpoint.replication;
