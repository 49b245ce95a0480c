package org.pyql.query;

/** The i-th column of a select's result: the JSON key it is returned under and how to decode its value. */
public record OutputColumn(String key, ColumnType type) {
}
