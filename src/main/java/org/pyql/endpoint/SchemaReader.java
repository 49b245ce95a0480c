package org.pyql.endpoint;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.pyql.config.DatabaseSpec;
import org.pyql.query.Column;
import org.pyql.query.ColumnType;
import org.pyql.query.ForeignKey;
import org.pyql.query.TableSchema;

/**
 * Reads every user table of a database from JDBC metadata, so an existing database works without declaring anything.
 * Column types map by declared type (SQLite affinity rules, MySQL type names); anything unknown is served as str
 * rather than making the database unusable.
 */
final class SchemaReader {
    private SchemaReader() {
    }

    static boolean isInternal(String table) {
        String t = table.toLowerCase(Locale.ROOT);
        return t.startsWith("_pyql") || t.startsWith("sqlite_");
    }

    static Map<String, TableSchema> read(Connection conn, DatabaseSpec.Kind kind) throws SQLException {
        DatabaseMetaData md = conn.getMetaData();
        String catalog = kind == DatabaseSpec.Kind.MYSQL ? conn.getCatalog() : null;
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = md.getTables(catalog, null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                if (!isInternal(name)) tables.add(name);
            }
        }
        java.util.Set<String> autoIncrement = kind == DatabaseSpec.Kind.SQLITE ? sqliteAutoIncrementTables(conn) : java.util.Set.of();
        Map<String, TableSchema> result = new LinkedHashMap<>();
        for (String table : tables) {
            result.put(table, readTable(md, catalog, table, kind, autoIncrement));
        }
        return result;
    }

    private static TableSchema readTable(DatabaseMetaData md, String catalog, String table, DatabaseSpec.Kind kind,
                                         java.util.Set<String> autoIncrementTables) throws SQLException {
        String pk = null;
        int pkColumns = 0;
        try (ResultSet rs = md.getPrimaryKeys(catalog, null, table)) {
            while (rs.next()) {
                pk = rs.getString("COLUMN_NAME");
                pkColumns++;
            }
        }
        if (pkColumns > 1) pk = null;   // composite keys have no single {key} route
        List<Column> columns = new ArrayList<>();
        try (ResultSet rs = md.getColumns(catalog, null, table, "%")) {
            while (rs.next()) {
                String name = rs.getString("COLUMN_NAME");
                String typeName = rs.getString("TYPE_NAME");
                int sqlType = rs.getInt("DATA_TYPE");
                int size = rs.getInt("COLUMN_SIZE");
                boolean notNull = rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls || name.equals(pk);
                String def = rs.getString("COLUMN_DEF");
                boolean auto = "YES".equalsIgnoreCase(rs.getString("IS_AUTOINCREMENT"));
                // SQLite assigns any INTEGER PRIMARY KEY (the rowid) when omitted, but only a declared AUTOINCREMENT
                // counts here, so that omitting a plain key is a 400 on SQLite as on MySQL.
                if (kind == DatabaseSpec.Kind.SQLITE) auto = name.equals(pk) && autoIncrementTables.contains(table);
                boolean hasDefault = def != null && !def.equalsIgnoreCase("NULL");
                ColumnType type = kind == DatabaseSpec.Kind.MYSQL ? mysqlType(typeName, sqlType, size) : sqliteType(typeName);
                columns.add(new Column(name, type, mods(notNull, auto, defaultLiteral(def, kind), name.equals(pk)),
                        notNull, auto, hasDefault));
            }
        }
        List<ForeignKey> fks = new ArrayList<>();
        try (ResultSet rs = md.getImportedKeys(catalog, null, table)) {
            while (rs.next()) {
                fks.add(new ForeignKey(rs.getString("FKCOLUMN_NAME"), rs.getString("PKTABLE_NAME"),
                        rs.getString("PKCOLUMN_NAME"),
                        rule("ON DELETE", rs.getShort("DELETE_RULE")) + rule(" ON UPDATE", rs.getShort("UPDATE_RULE"))));
            }
        }
        return new TableSchema(table, columns, pk, fks);
    }

    /** SQLite keeps a row in sqlite_sequence only for AUTOINCREMENT tables once used; the DDL says it from the start. */
    private static java.util.Set<String> sqliteAutoIncrementTables(Connection conn) throws SQLException {
        java.util.Set<String> result = new java.util.HashSet<>();
        try (var st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, sql FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                String sql = rs.getString(2);
                if (sql != null && sql.toUpperCase(Locale.ROOT).contains("AUTOINCREMENT")) result.add(rs.getString(1));
            }
        }
        return result;
    }

    private static String rule(String prefix, short rule) {
        return switch (rule) {
            case DatabaseMetaData.importedKeyCascade -> prefix + " CASCADE";
            case DatabaseMetaData.importedKeySetNull -> prefix + " SET NULL";
            case DatabaseMetaData.importedKeyRestrict -> prefix + " RESTRICT";
            case DatabaseMetaData.importedKeySetDefault -> prefix + " SET DEFAULT";
            default -> prefix + " NO ACTION";
        };
    }

    private static String mods(boolean notNull, boolean auto, String defaultLiteral, boolean pk) {
        StringBuilder m = new StringBuilder();
        if (notNull) m.append("NOT NULL");
        if (auto && pk) m.append(m.isEmpty() ? "" : " ").append("AUTO_INCREMENT");
        if (defaultLiteral != null) m.append(m.isEmpty() ? "" : " ").append("DEFAULT ").append(defaultLiteral);
        return m.toString();
    }

    /**
     * The column default in the config's mods vocabulary (a number, a quoted string, TRUE/FALSE, CURRENT_TIMESTAMP), so
     * a reported config can be used to create the table elsewhere; an expression outside that vocabulary is left out
     * of the text (the column still counts as having a default).
     */
    static String defaultLiteral(String def, DatabaseSpec.Kind kind) {
        if (def == null || def.equalsIgnoreCase("NULL")) return null;
        String d = def.trim();
        if (d.toLowerCase(Locale.ROOT).startsWith("current_timestamp")) return "CURRENT_TIMESTAMP";   // MariaDB: current_timestamp()
        if (d.matches("-?\\d+(\\.\\d+)?") || d.equalsIgnoreCase("TRUE") || d.equalsIgnoreCase("FALSE")
                || d.equalsIgnoreCase("CURRENT_TIMESTAMP")) {
            return d.toUpperCase(Locale.ROOT);
        }
        if (d.length() >= 2 && d.startsWith("'") && d.endsWith("'")) d = d.substring(1, d.length() - 1);
        else if (kind == DatabaseSpec.Kind.SQLITE) return null;   // an SQLite expression such as (datetime('now'))
        return d.contains("'") || d.contains("\\") ? null : "'" + d + "'";
    }

    static ColumnType sqliteType(String declared) {
        String t = declared == null ? "" : declared.toUpperCase(Locale.ROOT);
        if (t.startsWith("BOOL") || t.equals("TINYINT(1)")) return ColumnType.BOOL;
        if (t.contains("INT")) return ColumnType.INT;
        if (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") || t.contains("JSON") || t.contains("DATE")
                || t.contains("TIME")) return ColumnType.STR;
        if (t.contains("BLOB") || t.isEmpty()) return ColumnType.BLOB;
        if (t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") || t.contains("NUM") || t.contains("DEC")) {
            return ColumnType.FLOAT;
        }
        return ColumnType.STR;
    }

    static ColumnType mysqlType(String typeName, int sqlType, int size) {
        String t = typeName == null ? "" : typeName.toUpperCase(Locale.ROOT);
        if (sqlType == Types.BIT || sqlType == Types.BOOLEAN || t.equals("BOOLEAN") || t.equals("BOOL")
                || (t.startsWith("TINYINT") && size == 1)) return ColumnType.BOOL;
        if (t.contains("INT")) return ColumnType.INT;
        if (t.contains("FLOAT") || t.contains("DOUBLE") || t.contains("DECIMAL") || t.contains("REAL")) return ColumnType.FLOAT;
        if (t.contains("BLOB") || t.contains("BINARY")) return ColumnType.BLOB;
        return ColumnType.STR;
    }
}
