package org.pyql.endpoint;

import java.util.List;

import org.pyql.query.SqlStatement;
import org.pyql.query.TableSchema;

/**
 * A write validated against its table's schema and rendered to SQL, not yet run: what {@link TableWriter#compile}
 * returns and {@link TableWriter#execute} runs, on {@code /db} in a transaction of its own, in a sequenced batch under
 * a savepoint of the batch's transaction.
 *
 * @param key the primary key of a by-key write (for its 404), else null
 */
public record CompiledWrite(WriteAction action, TableSchema table, List<SqlStatement> statements, String key) {
    public CompiledWrite {
        statements = List.copyOf(statements);
    }
}
