package org.pyql.query;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pyql.error.BadRequestException;

/**
 * The original create-table config: {@code {"<name>": {"columns": [{"name","type","mods"}], "primary_key": "<col>",
 * "foreign_keys": null | {"<col>": {"table","ref","mods"}}}}}, parsed and validated into {@link TableSchema}s and
 * rendered as DDL. {@code mods} is a closed vocabulary, never pasted into SQL.
 */
public final class TableDefinitions {
    private static final List<String> TABLE_KEYS = List.of("columns", "primary_key", "foreign_keys");
    private static final List<String> COLUMN_KEYS = List.of("name", "type", "mods");
    private static final List<String> FK_KEYS = List.of("table", "ref", "mods");
    private static final String COLUMNS_HINT =
            "\"columns\": [{\"name\": \"<name>\", \"type\": \"<int|str|float|bool|blob>\", \"mods\": \"<mods>\"}, ..]";

    private TableDefinitions() {
    }

    /** Every table of the body, in body order; 400 on any invalid part before anything is returned. */
    public static List<TableSchema> parse(JsonNode body) {
        if (body == null || !body.isObject() || body.isEmpty()) {
            throw new BadRequestException("missing table definition",
                    "use {\"<table>\": {" + COLUMNS_HINT + ", \"primary_key\": \"<column>\", \"foreign_keys\": null}}");
        }
        List<TableSchema> tables = new ArrayList<>(body.size());
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            String name = Names.check("table", e.getKey());
            // MySQL (on most systems) and SQLite fold table name case: two spellings would be one table.
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw new BadRequestException("table " + name + " is defined twice", "table names are case-insensitive");
            }
            tables.add(parseTable(name, e.getValue()));
        }
        return List.copyOf(tables);
    }

    /**
     * Builds a column from stored or reported config values with the same rules as {@link #parse}: for code that
     * reads table definitions back (e.g. a stored config) and needs identical flags.
     */
    public static Column column(String name, ColumnType type, String mods, boolean primaryKey) {
        Names.check("column", name);
        return ModsParser.parseColumn(name, type, primaryKey, mods).toColumn(name, type, primaryKey);
    }

    /**
     * Refuses foreign keys that the database would accept at CREATE time and then fail on every insert: SQLite reports
     * "foreign key mismatch" on each write when the referenced column is not the primary key or UNIQUE, and MySQL
     * needs an index on it. A foreign key must therefore reference the primary key or a UNIQUE column of a table
     * that exists already, is defined earlier in the same body, or is the table itself.
     *
     * @param uniqueColumnsOfExisting for each table that exists already, its single columns that are the primary key
     *                                or UNIQUE (composite keys and indexes do not count)
     */
    public static void checkForeignKeyTargets(List<TableSchema> defs, Map<String, Set<String>> uniqueColumnsOfExisting) {
        Map<String, Set<String>> unique = new java.util.HashMap<>(uniqueColumnsOfExisting);
        for (TableSchema t : defs) {
            unique.put(t.name(), uniqueColumns(t));   // tables are created in body order; a table may reference itself
            for (ForeignKey fk : t.foreignKeys()) {
                String what = "foreign key " + t.name() + "." + fk.column();
                Set<String> targets = unique.get(fk.refTable());
                if (targets == null) throw new BadRequestException(what + " references unknown table " + fk.refTable());
                if (!targets.contains(fk.refColumn())) {
                    throw new BadRequestException(what + " references " + fk.refTable() + "." + fk.refColumn()
                            + ", which is not its primary key or a UNIQUE column",
                            "reference the primary key or a UNIQUE column of " + fk.refTable() + "; unique columns: "
                                    + new java.util.TreeSet<>(targets));
                }
            }
        }
    }

    /**
     * The primary key and the UNIQUE columns of a parsed definition (or of one rebuilt from a stored config, whose
     * mods keep the word UNIQUE): what {@link #checkForeignKeyTargets} needs for tables that exist already.
     */
    public static Set<String> uniqueColumns(TableSchema t) {
        Set<String> out = new HashSet<>();
        for (Column c : t.columns()) {
            boolean pk = c.name().equals(t.primaryKey());
            if (pk || ModsParser.parseColumn(c.name(), c.type(), false, c.mods()).unique()) out.add(c.name());
        }
        return out;
    }

    /** CREATE TABLE for one parsed definition. */
    public static String createTableSql(TableSchema table, Dialect dialect) {
        return DdlRenderer.createTable(table, dialect);
    }

    /** The config JSON of a table in the original shape {@code {"columns": [...], "primary_key": ..., "foreign_keys": ...}}. */
    public static JsonNode toConfig(TableSchema table) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode config = f.objectNode();
        ArrayNode columns = config.putArray("columns");
        for (Column c : table.columns()) {
            columns.addObject()
                    .put("name", c.name())
                    .put("type", c.type().pyqlName())
                    .put("mods", c.mods() == null ? "" : c.mods());
        }
        config.put("primary_key", table.primaryKey());
        if (table.foreignKeys().isEmpty()) {
            config.putNull("foreign_keys");
        } else {
            ObjectNode fks = config.putObject("foreign_keys");
            for (ForeignKey fk : table.foreignKeys()) {
                fks.putObject(fk.column())
                        .put("table", fk.refTable())
                        .put("ref", fk.refColumn())
                        .put("mods", fk.mods() == null ? "" : fk.mods());
            }
        }
        return config;
    }

    private static TableSchema parseTable(String table, JsonNode def) {
        if (def == null || !def.isObject()) {
            throw new BadRequestException("definition of table " + table + " must be an object",
                    "got " + Bodies.kind(def));
        }
        Bodies.onlyKeys(def, TABLE_KEYS, "definition of table " + table);
        JsonNode columnsNode = def.get("columns");
        if (columnsNode == null || !columnsNode.isArray() || columnsNode.isEmpty()) {
            throw new BadRequestException("missing new table config " + COLUMNS_HINT + " for table " + table);
        }
        QueryLimits.check(columnsNode.size(), QueryLimits.MAX_COLUMNS, "columns in table " + table);
        JsonNode pkNode = def.get("primary_key");
        if (pkNode == null || !pkNode.isTextual()) {
            throw new BadRequestException("missing new table config \"primary_key\": <column_name> for table " + table,
                    "got " + Bodies.kind(pkNode));
        }
        String primaryKey = pkNode.textValue();

        // Names and types first, so the primary key can be checked before mods that depend on it are parsed.
        List<String> names = new ArrayList<>(columnsNode.size());
        Set<String> seen = new HashSet<>();
        for (JsonNode c : columnsNode) {
            String what = "column of table " + table;
            if (!c.isObject()) throw new BadRequestException(what + " must be an object", COLUMNS_HINT);
            Bodies.onlyKeys(c, COLUMN_KEYS, what);
            String name = Names.check("column", Bodies.text(c.get("name"), "name of a " + what));
            // Column names are case-insensitive in both back ends.
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw new BadRequestException("duplicate column " + name + " in table " + table,
                        "column names are case-insensitive");
            }
            names.add(name);
        }
        if (!names.contains(primaryKey)) {
            throw new BadRequestException("provided primary_key " + primaryKey + " is not a column of table " + table,
                    "columns: " + names);
        }

        List<Column> columns = new ArrayList<>(names.size());
        int i = 0;
        for (JsonNode c : columnsNode) {
            String name = names.get(i++);
            ColumnType type = ColumnType.fromPyql(Bodies.text(c.get("type"), "type of column " + name));
            JsonNode modsNode = c.get("mods");
            String mods = Bodies.isAbsent(modsNode) ? "" : Bodies.text(modsNode, "mods of column " + name);
            columns.add(column(name, type, mods, name.equals(primaryKey)));
        }
        return new TableSchema(table, columns, primaryKey, foreignKeys(table, def.get("foreign_keys"), names));
    }

    private static List<ForeignKey> foreignKeys(String table, JsonNode fks, List<String> columns) {
        if (Bodies.isAbsent(fks)) return List.of();
        if (!fks.isObject()) {
            throw new BadRequestException("foreign_keys of table " + table + " must be null or an object",
                    "use {\"<column>\": {\"table\": \"<table>\", \"ref\": \"<column>\", \"mods\": \"ON DELETE CASCADE\"}}");
        }
        List<ForeignKey> out = new ArrayList<>(fks.size());
        for (Map.Entry<String, JsonNode> e : fks.properties()) {
            String local = e.getKey();
            if (!columns.contains(local)) {
                throw new BadRequestException("local_key " + local + " is not a valid column of table " + table,
                        "columns: " + columns);
            }
            JsonNode fk = e.getValue();
            String what = "foreign key " + local + " of table " + table;
            if (!fk.isObject()) throw new BadRequestException(what + " must be an object", "got " + Bodies.kind(fk));
            Bodies.onlyKeys(fk, FK_KEYS, what);
            // Whether the referenced table and column exist is for the database to say, at CREATE time.
            String refTable = Names.check("referenced table", Bodies.text(fk.get("table"), "table of " + what));
            String refColumn = Names.check("referenced column", Bodies.text(fk.get("ref"), "ref of " + what));
            JsonNode modsNode = fk.get("mods");
            String mods = Bodies.isAbsent(modsNode) ? "" : Bodies.text(modsNode, "mods of " + what);
            out.add(new ForeignKey(local, refTable, refColumn, ModsParser.parseForeignKey(local, mods)));
        }
        return out;
    }
}
