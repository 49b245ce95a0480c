package org.pyql.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pyql.query.Fixtures.FILES;
import static org.pyql.query.Fixtures.KEYSTORE;
import static org.pyql.query.Fixtures.LOG;
import static org.pyql.query.Fixtures.POSITIONS;
import static org.pyql.query.Fixtures.STOCKS;
import static org.pyql.query.Fixtures.assertBadRequest;
import static org.pyql.query.Fixtures.json;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TableDefinitionsTest {
    private static final String MYSQL_OPTIONS = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

    /** One table {@code t} with the given columns JSON and extra definition members. */
    private static List<TableSchema> parse(String columns, String extra) {
        return TableDefinitions.parse(json("{\"t\": {\"columns\": " + columns + extra + "}}"));
    }

    private static final String ID = "[{\"name\":\"id\",\"type\":\"int\",\"mods\":\"\"}]";

    @Test
    void parsesEveryTableInBodyOrder() {
        List<String> names = Fixtures.TABLES.keySet().stream().toList();
        assertEquals(List.of("stocks", "departments", "positions", "employees", "keystore", "files"), names);
        assertEquals("order_num", STOCKS.primaryKey());
        assertEquals(List.of("order_num", "date", "trans", "symbol", "qty", "price", "after_hours"),
                STOCKS.columns().stream().map(Column::name).toList());
        assertEquals(ColumnType.BOOL, STOCKS.byName().get("after_hours").type());
        assertEquals(List.of(new ForeignKey("department_id", "departments", "id",
                "ON UPDATE CASCADE ON DELETE CASCADE")), POSITIONS.foreignKeys());
        assertEquals(List.of(), STOCKS.foreignKeys());
        Column orderNum = STOCKS.byName().get("order_num");
        assertEquals(new Column("order_num", ColumnType.INT, "NOT NULL AUTO_INCREMENT", true, true, false), orderNum);
        assertEquals(new Column("name", ColumnType.STR, "", false, false, false), POSITIONS.byName().get("name"));
    }

    @Test
    void bytesIsAcceptedAsBlobAndMissingModsIsEmpty() {
        TableSchema t = parse("[{\"name\":\"id\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"bytes\",\"mods\":null}]",
                ",\"primary_key\":\"id\"").get(0);
        assertEquals(ColumnType.BLOB, t.byName().get("b").type());
        assertEquals("", t.byName().get("b").mods());
        assertEquals("", t.byName().get("id").mods());
    }

    @Test
    void toConfigHasTheOriginalShape() {
        assertEquals(json("""
                {"columns": [
                   {"name": "order_num", "type": "int", "mods": "NOT NULL AUTO_INCREMENT"},
                   {"name": "date", "type": "str", "mods": ""},
                   {"name": "trans", "type": "str", "mods": ""},
                   {"name": "symbol", "type": "str", "mods": ""},
                   {"name": "qty", "type": "int", "mods": "DEFAULT NULL"},
                   {"name": "price", "type": "float", "mods": "DEFAULT NULL"},
                   {"name": "after_hours", "type": "bool", "mods": "DEFAULT NULL"}],
                 "primary_key": "order_num", "foreign_keys": null}"""), TableDefinitions.toConfig(STOCKS));
        assertEquals(json("{\"department_id\": {\"table\": \"departments\", \"ref\": \"id\","
                        + " \"mods\": \"ON UPDATE CASCADE ON DELETE CASCADE\"}}"),
                TableDefinitions.toConfig(POSITIONS).get("foreign_keys"));
        assertEquals("blob", TableDefinitions.toConfig(FILES).get("columns").get(2).get("type").textValue());
        assertTrue(TableDefinitions.toConfig(LOG).get("primary_key").isNull());
    }

    @Test
    void toConfigRoundTripsThroughParse() {
        for (TableSchema t : Fixtures.TABLES.values()) {
            ObjectNode body = Fixtures.JSON.createObjectNode();
            body.set(t.name(), TableDefinitions.toConfig(t));
            assertEquals(List.of(t), TableDefinitions.parse(body), t.name());
        }
    }

    @Test
    void sqliteDdl() {
        assertEquals("CREATE TABLE \"stocks\" (\"order_num\" INTEGER PRIMARY KEY AUTOINCREMENT, \"date\" TEXT, "
                + "\"trans\" TEXT, \"symbol\" TEXT, \"qty\" INTEGER DEFAULT NULL, \"price\" REAL DEFAULT NULL, "
                + "\"after_hours\" BOOLEAN DEFAULT NULL)", TableDefinitions.createTableSql(STOCKS, Dialect.SQLITE));
        assertEquals("CREATE TABLE \"positions\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"name\" TEXT, "
                + "\"department_id\" INTEGER, FOREIGN KEY (\"department_id\") REFERENCES \"departments\" (\"id\") "
                + "ON UPDATE CASCADE ON DELETE CASCADE)", TableDefinitions.createTableSql(POSITIONS, Dialect.SQLITE));
        assertEquals("CREATE TABLE \"keystore\" (\"env\" TEXT PRIMARY KEY NOT NULL, \"val\" TEXT)",
                TableDefinitions.createTableSql(KEYSTORE, Dialect.SQLITE));
        assertEquals("CREATE TABLE \"files\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"name\" TEXT NOT NULL, "
                + "\"data\" BLOB, \"flag\" BOOLEAN NOT NULL DEFAULT 0)", TableDefinitions.createTableSql(FILES, Dialect.SQLITE));
        assertEquals("CREATE TABLE \"log\" (\"msg\" TEXT)", TableDefinitions.createTableSql(LOG, Dialect.SQLITE));
    }

    @Test
    void mysqlDdl() {
        assertEquals("CREATE TABLE `stocks` (`order_num` BIGINT NOT NULL AUTO_INCREMENT, `date` MEDIUMTEXT, "
                + "`trans` MEDIUMTEXT, `symbol` MEDIUMTEXT, `qty` BIGINT DEFAULT NULL, `price` DOUBLE DEFAULT NULL, "
                + "`after_hours` BOOLEAN DEFAULT NULL, PRIMARY KEY (`order_num`))" + MYSQL_OPTIONS,
                TableDefinitions.createTableSql(STOCKS, Dialect.MYSQL));
        assertEquals("CREATE TABLE `positions` (`id` BIGINT NOT NULL, `name` MEDIUMTEXT, `department_id` BIGINT, "
                + "PRIMARY KEY (`id`), FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) "
                + "ON UPDATE CASCADE ON DELETE CASCADE)" + MYSQL_OPTIONS,
                TableDefinitions.createTableSql(POSITIONS, Dialect.MYSQL));
        assertEquals("CREATE TABLE `keystore` (`env` VARCHAR(255) NOT NULL, `val` MEDIUMTEXT, PRIMARY KEY (`env`))"
                + MYSQL_OPTIONS, TableDefinitions.createTableSql(KEYSTORE, Dialect.MYSQL));
        assertEquals("CREATE TABLE `files` (`id` BIGINT NOT NULL, `name` MEDIUMTEXT NOT NULL, `data` LONGBLOB, "
                + "`flag` BOOLEAN NOT NULL DEFAULT 0, PRIMARY KEY (`id`))" + MYSQL_OPTIONS,
                TableDefinitions.createTableSql(FILES, Dialect.MYSQL));
        assertEquals("CREATE TABLE `log` (`msg` MEDIUMTEXT)" + MYSQL_OPTIONS,
                TableDefinitions.createTableSql(LOG, Dialect.MYSQL));
    }

    private static final String DEFAULTS = """
            [{"name":"id","type":"str"},
             {"name":"code","type":"str","mods":"UNIQUE DEFAULT 'a\\\\b'"},
             {"name":"note","type":"str","mods":"default 'x y'"},
             {"name":"ts","type":"str","mods":"DEFAULT CURRENT_TIMESTAMP"},
             {"name":"n","type":"float","mods":"NOT NULL DEFAULT -1.5"},
             {"name":"b","type":"bool","mods":"DEFAULT TRUE"},
             {"name":"ref","type":"str"},
             {"name":"bin","type":"blob","mods":"UNIQUE"}]""";

    @Test
    void defaultsIndexedColumnsAndForeignKeysPerDialect() {
        TableSchema t = parse(DEFAULTS, ",\"primary_key\":\"id\",\"foreign_keys\":{\"ref\":{\"table\":\"keystore\","
                + "\"ref\":\"env\",\"mods\":\"on delete set null\"}}").get(0);
        assertEquals("UNIQUE DEFAULT 'a\\b'", t.byName().get("code").mods());
        assertEquals("CREATE TABLE `t` (`id` VARCHAR(255) NOT NULL, `code` VARCHAR(255) UNIQUE DEFAULT 'a\\\\b', "
                + "`note` MEDIUMTEXT DEFAULT ('x y'), `ts` MEDIUMTEXT DEFAULT (CURRENT_TIMESTAMP), "
                + "`n` DOUBLE NOT NULL DEFAULT -1.5, `b` BOOLEAN DEFAULT 1, `ref` VARCHAR(255), `bin` VARBINARY(255) UNIQUE, "
                + "PRIMARY KEY (`id`), FOREIGN KEY (`ref`) REFERENCES `keystore` (`env`) ON DELETE SET NULL)"
                + MYSQL_OPTIONS, TableDefinitions.createTableSql(t, Dialect.MYSQL));
        assertEquals("CREATE TABLE \"t\" (\"id\" TEXT PRIMARY KEY NOT NULL, \"code\" TEXT UNIQUE DEFAULT 'a\\b', "
                + "\"note\" TEXT DEFAULT 'x y', \"ts\" TEXT DEFAULT CURRENT_TIMESTAMP, \"n\" REAL NOT NULL DEFAULT -1.5, "
                + "\"b\" BOOLEAN DEFAULT 1, \"ref\" TEXT, \"bin\" BLOB UNIQUE, "
                + "FOREIGN KEY (\"ref\") REFERENCES \"keystore\" (\"env\") ON DELETE SET NULL)",
                TableDefinitions.createTableSql(t, Dialect.SQLITE));
    }

    @Test
    void ddlNeverContainsRawModsText() {
        // A schema built elsewhere with a free-text mods is re-parsed, not pasted.
        TableSchema evil = new TableSchema("x", List.of(new Column("a", ColumnType.INT,
                "DEFAULT 1); DROP TABLE y; --", false, false, true)), null, List.of());
        assertBadRequest(() -> TableDefinitions.createTableSql(evil, Dialect.MYSQL), "column a");
        TableSchema evilFk = new TableSchema("x", List.of(new Column("a", ColumnType.INT, "", false, false, false)),
                null, List.of(new ForeignKey("a", "y", "id", "ON DELETE CASCADE, DROP TABLE y")));
        assertBadRequest(() -> TableDefinitions.createTableSql(evilFk, Dialect.SQLITE), "foreign key mods");
    }

    @Test
    void hostileNamesAreQuotedWhenTheyComeFromElsewhere() {
        // Names from an existing database are not re-validated here, but quoting still contains them.
        TableSchema odd = new TableSchema("we`ird\"", List.of(new Column("c`", ColumnType.INT, "", false, false, false)),
                null, List.of());
        assertEquals("CREATE TABLE `we``ird\"` (`c``` BIGINT)" + MYSQL_OPTIONS,
                TableDefinitions.createTableSql(odd, Dialect.MYSQL));
        assertEquals("CREATE TABLE \"we`ird\"\"\" (\"c`\" INTEGER)", TableDefinitions.createTableSql(odd, Dialect.SQLITE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad-name", "1abc", "a b", "_pyql", "_pyql_state", "_PYQLx", "", "t;DROP", "t`",
            "caf\u00e9", "a2345678901234567890123456789012345678901234567890123456789012345"})
    void invalidTableNames(String name) {
        assertBadRequest(() -> TableDefinitions.parse(Fixtures.JSON.createObjectNode().set(name, json(
                "{\"columns\":" + ID + ",\"primary_key\":\"id\"}"))), "invalid table name");
    }

    @Test
    void validNameEdges() {
        String max = "a234567890123456789012345678901234567890123456789012345678901234";
        assertEquals(64, max.length());
        assertEquals(max, TableDefinitions.parse(Fixtures.JSON.createObjectNode().set(max, json(
                "{\"columns\":" + ID + ",\"primary_key\":\"id\"}"))).get(0).name());
        assertEquals("_py", TableDefinitions.parse(json("{\"_py\":{\"columns\":" + ID + ",\"primary_key\":\"id\"}}"))
                .get(0).name());
    }

    @Test
    void definitionErrors() {
        String pk = ",\"primary_key\":\"id\"";
        assertBadRequest(() -> TableDefinitions.parse(null), "missing table definition");
        assertBadRequest(() -> TableDefinitions.parse(json("{}")), "missing table definition");
        assertBadRequest(() -> TableDefinitions.parse(json("[]")), "missing table definition");
        assertBadRequest(() -> TableDefinitions.parse(json("{\"t\": 5}")), "table t", "object");
        assertBadRequest(() -> parse(ID, pk + ",\"colums\":[]"), "colums");
        assertBadRequest(() -> TableDefinitions.parse(json("{\"t\":{\"primary_key\":\"id\"}}")), "columns");
        assertBadRequest(() -> parse("[]", pk), "columns");
        assertBadRequest(() -> parse("{}", pk), "columns");
        assertBadRequest(() -> parse("[\"id\"]", pk), "column of table t", "object");
        assertBadRequest(() -> parse("[{\"name\":\"id\",\"type\":\"int\",\"mod\":\"\"}]", pk), "mod");
        assertBadRequest(() -> parse("[{\"type\":\"int\"}]", pk), "name");
        assertBadRequest(() -> parse("[{\"name\":5,\"type\":\"int\"}]", pk), "name");
        assertBadRequest(() -> parse("[{\"name\":\"i d\",\"type\":\"int\"}]", pk), "invalid column name", "i d");
        assertBadRequest(() -> parse("[{\"name\":\"_pyql_seq\",\"type\":\"int\"}]", pk), "_pyql_seq");
        assertBadRequest(() -> parse("[{\"name\":\"id\",\"type\":\"int\"},{\"name\":\"ID\",\"type\":\"str\"}]", pk),
                "duplicate column ID");
        assertBadRequest(() -> parse("[{\"name\":\"id\",\"type\":\"text\"}]", pk), "invalid column type text");
        assertBadRequest(() -> parse("[{\"name\":\"id\"}]", pk), "type of column id");
        assertBadRequest(() -> parse("[{\"name\":\"id\",\"type\":\"int\",\"mods\":5}]", pk), "mods of column id");
        assertBadRequest(() -> parse("[{\"name\":\"id\",\"type\":\"int\",\"mods\":\"UNIQUE; DROP TABLE x\"}]", pk),
                "column id");
        assertBadRequest(() -> parse(ID, ""), "primary_key");
        assertBadRequest(() -> parse(ID, ",\"primary_key\":null"), "primary_key");
        assertBadRequest(() -> parse(ID, ",\"primary_key\":[\"id\"]"), "primary_key");
        assertBadRequest(() -> parse(ID, ",\"primary_key\":\"nope\""), "primary_key nope", "[id]");
        assertBadRequest(() -> TableDefinitions.parse(json("{\"a\":{\"columns\":" + ID + pk + "},\"A\":{\"columns\":"
                + ID + pk + "}}")), "table A", "twice");
    }

    @Test
    void foreignKeyErrors() {
        String cols = "[{\"name\":\"id\",\"type\":\"int\"},{\"name\":\"p\",\"type\":\"int\"}],\"primary_key\":\"id\"";
        assertEquals(1, parse(cols, ",\"foreign_keys\":{\"p\":{\"table\":\"nosuch\",\"ref\":\"id\"}}").get(0)
                .foreignKeys().size(), "referenced table is for the database to check");
        assertBadRequest(() -> parse(cols, ",\"foreign_keys\":[]"), "foreign_keys");
        assertBadRequest(() -> parse(cols, ",\"foreign_keys\":{\"q\":{\"table\":\"x\",\"ref\":\"id\"}}"),
                "local_key q", "[id, p]");
        assertBadRequest(() -> parse(cols, ",\"foreign_keys\":{\"p\":\"x.id\"}"), "foreign key p", "object");
        assertBadRequest(() -> parse(cols, ",\"foreign_keys\":{\"p\":{\"ref\":\"id\"}}"), "table of foreign key p");
        assertBadRequest(() -> parse(cols, ",\"foreign_keys\":{\"p\":{\"table\":\"x\"}}"), "ref of foreign key p");
        assertBadRequest(() -> parse(cols, ",\"foreign_keys\":{\"p\":{\"table\":\"x(id); --\",\"ref\":\"id\"}}"),
                "invalid referenced table name");
        assertBadRequest(() -> parse(cols, ",\"foreign_keys\":{\"p\":{\"table\":\"x\",\"ref\":\"id)\"}}"),
                "invalid referenced column name");
        assertBadRequest(() -> parse(cols, ",\"foreign_keys\":{\"p\":{\"table\":\"x\",\"ref\":\"id\",\"mods\":\"ON DELETE"
                + " EXPLODE\"}}"), "foreign key mods", "p");
        assertBadRequest(() -> parse(cols, ",\"foreign_keys\":{\"p\":{\"table\":\"x\",\"ref\":\"id\",\"on\":\"x\"}}"),
                "'on'");
    }

    @Test
    void primaryKeyFlagsComeFromThePrimaryKeyField() {
        TableSchema t = parse("[{\"name\":\"id\",\"type\":\"str\",\"mods\":\"PRIMARY KEY\"},"
                + "{\"name\":\"other\",\"type\":\"int\",\"mods\":\"PRIMARY KEY\"}]", ",\"primary_key\":\"id\"").get(0);
        assertTrue(t.byName().get("id").notNull());
        assertFalse(t.byName().get("other").notNull());
        assertEquals("", t.byName().get("other").mods());
        assertNull(LOG.primaryKey());
    }
}
