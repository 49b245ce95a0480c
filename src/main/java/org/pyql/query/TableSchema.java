package org.pyql.query;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A table as read from the database's own schema (or as created through PYQL): columns in definition order, the
 * primary key column (null when the table has none) and its foreign keys.
 */
public record TableSchema(String name, List<Column> columns, String primaryKey, List<ForeignKey> foreignKeys,
                          Map<String, Column> byName) {

    public TableSchema(String name, List<Column> columns, String primaryKey, List<ForeignKey> foreignKeys) {
        this(name, List.copyOf(columns), primaryKey, List.copyOf(foreignKeys),
                columns.stream().collect(Collectors.toUnmodifiableMap(Column::name, Function.identity())));
    }

    public Optional<Column> column(String columnName) {
        return Optional.ofNullable(byName.get(columnName));
    }

    public boolean hasColumn(String columnName) {
        return byName.containsKey(columnName);
    }

    public Optional<Column> primaryKeyColumn() {
        return primaryKey == null ? Optional.empty() : column(primaryKey);
    }
}
