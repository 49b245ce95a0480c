package org.pyql.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns PYQL JSON bodies into SQL for one dialect. Every method validates the body against the schema first and
 * throws {@link org.pyql.error.BadRequestException} (unknown column or table, wrong value type, unknown operator,
 * malformed body, missing required value, update/delete without a non-empty where) before anything is rendered.
 * Thread-safe and stateless apart from the dialect.
 */
public final class QueryCompiler {
    private final Dialect dialect;

    public QueryCompiler(Dialect dialect) {
        this.dialect = dialect;
    }

    public Dialect dialect() { return dialect; }

    /** A PYQL select body ({@code select}, {@code where}, {@code join}, {@code orderby}, {@code limit}, {@code offset}); null means all rows. */
    public SelectPlan select(TableSchema base, Catalog catalog, JsonNode body) {
        return SelectCompiler.compile(dialect, base, catalog, body);
    }

    /** All columns of the row whose primary key equals {@code key} (a URL segment coerced to the key's type). */
    public SelectPlan selectByKey(TableSchema table, String key) {
        return SelectCompiler.byKey(dialect, table, key);
    }

    /** One row object {@code {col: value}}; omitted columns are left to the database (auto-increment, defaults). */
    public SqlStatement insert(TableSchema table, ObjectNode row) {
        return WriteCompiler.insert(dialect, table, row);
    }

    /**
     * {@code {"set": {...}, "where": <dict|list>}}; both required and non-empty. Writes address one table: a where
     * naming another table ({@code catalog} notwithstanding) is a 400.
     */
    public SqlStatement update(TableSchema table, Catalog catalog, JsonNode body) {
        return WriteCompiler.update(dialect, table, body);
    }

    /** Sets {@code set} on the row with primary key {@code key}. */
    public SqlStatement updateByKey(TableSchema table, String key, JsonNode set) {
        return WriteCompiler.updateByKey(dialect, table, key, set);
    }

    /** {@code {"where": <dict|list>}}; where required and non-empty. */
    public SqlStatement delete(TableSchema table, Catalog catalog, JsonNode body) {
        return WriteCompiler.delete(dialect, table, body);
    }

    public SqlStatement deleteByKey(TableSchema table, String key) {
        return WriteCompiler.deleteByKey(dialect, table, key);
    }
}
