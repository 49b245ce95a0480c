package org.pyql.query;

import java.util.Optional;

/** The tables of one database, for resolving {@code table.column} references and joins. */
@FunctionalInterface
public interface Catalog {
    Optional<TableSchema> table(String name);
}
