package org.pyql.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.function.Executable;
import org.pyql.error.BadRequestException;

/** The tables of the original's test.py (stocks, company org chart, keystore) plus a blob table, and helpers. */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    static final String DEFINITIONS = """
            {"stocks": {"columns": [
                {"name": "order_num", "type": "int", "mods": "NOT NULL AUTO_INCREMENT"},
                {"name": "date", "type": "str", "mods": ""},
                {"name": "trans", "type": "str", "mods": ""},
                {"name": "symbol", "type": "str", "mods": ""},
                {"name": "qty", "type": "int", "mods": "DEFAULT NULL"},
                {"name": "price", "type": "float", "mods": "DEFAULT NULL"},
                {"name": "after_hours", "type": "bool", "mods": "DEFAULT NULL"}],
              "primary_key": "order_num", "foreign_keys": null},
             "departments": {"columns": [
                {"name": "id", "type": "int", "mods": "UNIQUE"},
                {"name": "name", "type": "str"}],
              "primary_key": "id"},
             "positions": {"columns": [
                {"name": "id", "type": "int", "mods": "UNIQUE"},
                {"name": "name", "type": "str", "mods": null},
                {"name": "department_id", "type": "int", "mods": ""}],
              "primary_key": "id",
              "foreign_keys": {"department_id": {"table": "departments", "ref": "id",
                                                 "mods": "ON UPDATE CASCADE ON DELETE CASCADE"}}},
             "employees": {"columns": [
                {"name": "id", "type": "int", "mods": "UNIQUE"},
                {"name": "name", "type": "str", "mods": ""},
                {"name": "position_id", "type": "int", "mods": ""}],
              "primary_key": "id",
              "foreign_keys": {"position_id": {"table": "positions", "ref": "id",
                                               "mods": "ON UPDATE CASCADE ON DELETE CASCADE"}}},
             "keystore": {"columns": [
                {"name": "env", "type": "str", "mods": "UNIQUE NOT NULL"},
                {"name": "val", "type": "str", "mods": ""}],
              "primary_key": "env", "foreign_keys": null},
             "files": {"columns": [
                {"name": "id", "type": "int", "mods": "NOT NULL"},
                {"name": "name", "type": "str", "mods": "NOT NULL"},
                {"name": "data", "type": "blob", "mods": ""},
                {"name": "flag", "type": "bool", "mods": "NOT NULL DEFAULT FALSE"}],
              "primary_key": "id"}}
            """;

    static final Map<String, TableSchema> TABLES = new LinkedHashMap<>();

    static {
        for (TableSchema t : TableDefinitions.parse(json(DEFINITIONS))) TABLES.put(t.name(), t);
    }

    static final TableSchema STOCKS = TABLES.get("stocks");
    static final TableSchema DEPARTMENTS = TABLES.get("departments");
    static final TableSchema POSITIONS = TABLES.get("positions");
    static final TableSchema EMPLOYEES = TABLES.get("employees");
    static final TableSchema KEYSTORE = TABLES.get("keystore");
    static final TableSchema FILES = TABLES.get("files");
    static final Catalog CATALOG = name -> Optional.ofNullable(TABLES.get(name));

    /** A table without a primary key, as may be found in an existing database. */
    static final TableSchema LOG = new TableSchema("log",
            List.of(new Column("msg", ColumnType.STR, "", false, false, false)), null, List.of());

    private Fixtures() {
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** Expected SQL written with MySQL backticks, converted to SQLite double quotes when needed. */
    static String sql(Dialect dialect, String mysqlText) {
        return dialect == Dialect.MYSQL ? mysqlText : mysqlText.replace('`', '"');
    }

    static void assertStatement(SqlStatement actual, Dialect dialect, String mysqlSql, Object... binds) {
        assertEquals(sql(dialect, mysqlSql), actual.sql());
        assertEquals(java.util.Arrays.asList(binds), actual.binds());
    }

    /** Asserts a 400 whose error text mentions every fragment (the offending column, operator or table). */
    static BadRequestException assertBadRequest(Executable call, String... fragments) {
        BadRequestException e = assertThrows(BadRequestException.class, call);
        assertEquals(400, e.status());
        String text = e.error() + " | " + e.detail();
        for (String f : fragments) {
            if (!text.contains(f)) {
                throw new AssertionError("expected the 400 message to mention '" + f + "' but was: " + text);
            }
        }
        return e;
    }
}
