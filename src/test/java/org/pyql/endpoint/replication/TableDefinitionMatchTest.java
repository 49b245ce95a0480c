package org.pyql.endpoint.replication;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.pyql.query.Column;
import org.pyql.query.ColumnType;
import org.pyql.query.ForeignKey;
import org.pyql.query.TableDefinitions;
import org.pyql.query.TableSchema;

class TableDefinitionMatchTest {
    private static TableSchema parse(String json) throws Exception {
        return TableDefinitions.parse(new ObjectMapper().readTree(json.replace('\'', '"'))).get(0);
    }

    private static final String STOCKS = "{'stocks': {'columns': [{'name': 'order_num', 'type': 'int', 'mods': 'NOT NULL AUTOINCREMENT'},"
            + " {'name': 'symbol', 'type': 'str', 'mods': ''}, {'name': 'qty', 'type': 'int', 'mods': 'NOT NULL'}],"
            + " 'primary_key': 'order_num', 'foreign_keys': null}}";

    /** What the schema reader reports for the table above: other mods text, the key NOT NULL, names as stored. */
    private static final TableSchema STOCKS_AS_READ = new TableSchema("stocks", List.of(
            new Column("order_num", ColumnType.INT, "NOT NULL AUTO_INCREMENT", true, true, false),
            new Column("Symbol", ColumnType.STR, "", false, false, false),
            new Column("qty", ColumnType.INT, "NOT NULL", true, false, false)), "order_num", List.of());

    @Test
    void theSameDefinitionMatchesWhateverWordsTheDatabaseUses() throws Exception {
        assertTrue(TableDefinitionMatch.same(STOCKS_AS_READ, parse(STOCKS)));
        assertTrue(TableDefinitionMatch.same(parse(STOCKS), parse(STOCKS)));
    }

    @Test
    void anyStructuralDifferenceDoesNot() throws Exception {
        assertFalse(TableDefinitionMatch.same(STOCKS_AS_READ, parse(STOCKS.replace("'qty', 'type': 'int'", "'qty', 'type': 'float'"))));
        assertFalse(TableDefinitionMatch.same(STOCKS_AS_READ, parse(STOCKS.replace("'mods': 'NOT NULL'}", "'mods': ''}"))));
        assertFalse(TableDefinitionMatch.same(STOCKS_AS_READ, parse(STOCKS.replace("NOT NULL AUTOINCREMENT", "NOT NULL"))));
        assertFalse(TableDefinitionMatch.same(STOCKS_AS_READ, parse(STOCKS.replace("'symbol'", "'sym'"))));
        assertFalse(TableDefinitionMatch.same(STOCKS_AS_READ, parse(STOCKS.replace(
                ", {'name': 'qty', 'type': 'int', 'mods': 'NOT NULL'}", ""))));
        assertFalse(TableDefinitionMatch.same(STOCKS_AS_READ, parse(STOCKS.replace("'primary_key': 'order_num'",
                "'primary_key': 'qty'").replace("NOT NULL AUTOINCREMENT", "NOT NULL"))));
    }

    @Test
    void foreignKeysMustPointAtTheSameColumn() {
        List<Column> cols = List.of(new Column("id", ColumnType.INT, "", true, false, false),
                new Column("dep", ColumnType.INT, "", false, false, false));
        TableSchema a = new TableSchema("e", cols, "id", List.of(new ForeignKey("dep", "departments", "id", "ON DELETE CASCADE")));
        TableSchema b = new TableSchema("e", cols, "id", List.of(new ForeignKey("dep", "Departments", "ID", "")));
        TableSchema c = new TableSchema("e", cols, "id", List.of(new ForeignKey("dep", "positions", "id", "")));
        TableSchema none = new TableSchema("e", cols, "id", List.of());
        assertTrue(TableDefinitionMatch.same(a, b));
        assertFalse(TableDefinitionMatch.same(a, c));
        assertFalse(TableDefinitionMatch.same(a, none));
    }
}
