package org.pyql.query;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The original create-table config: {@code {"<name>": {"columns": [{"name","type","mods"}], "primary_key": "<col>",
 * "foreign_keys": null | {"<col>": {"table","ref","mods"}}}}}, parsed and validated into {@link TableSchema}s and
 * rendered as DDL. {@code mods} is a closed vocabulary, never pasted into SQL.
 */
public final class TableDefinitions {
    private TableDefinitions() {
    }

    /** Every table of the body, in body order; 400 on any invalid part before anything is returned. */
    public static List<TableSchema> parse(JsonNode body) {
        throw new UnsupportedOperationException("TODO");
    }

    /** CREATE TABLE for one parsed definition. */
    public static String createTableSql(TableSchema table, Dialect dialect) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The config JSON of a table in the original shape {@code {"columns": [...], "primary_key": ..., "foreign_keys": ...}}. */
    public static JsonNode toConfig(TableSchema table) {
        throw new UnsupportedOperationException("TODO");
    }
}
