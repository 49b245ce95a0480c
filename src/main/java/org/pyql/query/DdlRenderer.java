package org.pyql.query;

import java.util.HashSet;
import java.util.Set;

/**
 * CREATE TABLE for a {@link TableSchema}. Mods are re-parsed from the column's (normalised) mods text, so a schema
 * built anywhere goes through the same closed vocabulary; all identifiers are quoted by the dialect.
 */
final class DdlRenderer {
    /** utf8mb4_bin: string equality is case-sensitive on MySQL, as on SQLite. */
    private static final String MYSQL_TABLE_OPTIONS = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

    private DdlRenderer() {
    }

    static String createTable(TableSchema table, Dialect dialect) {
        Set<String> fkColumns = new HashSet<>();
        for (ForeignKey fk : table.foreignKeys()) fkColumns.add(fk.column());

        SqlWriter w = new SqlWriter(dialect, false);
        w.sql("CREATE TABLE ").id(table.name()).sql(" (");
        boolean first = true;
        for (Column c : table.columns()) {
            if (!first) w.sql(", ");
            first = false;
            boolean pk = c.name().equals(table.primaryKey());
            ColumnMods mods = ModsParser.parseColumn(c.name(), c.type(), pk, c.mods());
            if (dialect == Dialect.MYSQL) {
                mysqlColumn(w, c, mods, pk, fkColumns.contains(c.name()));
            } else {
                sqliteColumn(w, c, mods, pk);
            }
        }
        if (dialect == Dialect.MYSQL && table.primaryKey() != null) {
            w.sql(", PRIMARY KEY (").id(table.primaryKey()).sql(")");
        }
        for (ForeignKey fk : table.foreignKeys()) {
            w.sql(", FOREIGN KEY (").id(fk.column()).sql(") REFERENCES ").id(fk.refTable())
                    .sql(" (").id(fk.refColumn()).sql(")");
            String mods = ModsParser.parseForeignKey(fk.column(), fk.mods());
            if (!mods.isEmpty()) w.sql(" ").sql(mods); // rebuilt from the closed vocabulary, not the input text
        }
        w.sql(")");
        if (dialect == Dialect.MYSQL) w.sql(MYSQL_TABLE_OPTIONS);
        return w.toStatement().sql();
    }

    private static void sqliteColumn(SqlWriter w, Column c, ColumnMods mods, boolean pk) {
        w.id(c.name()).sql(" ").sql(switch (c.type()) {
            case INT -> "INTEGER";
            case STR -> "TEXT";
            case FLOAT -> "REAL";
            case BOOL -> "BOOLEAN";
            case BLOB -> "BLOB";
        });
        if (pk) {
            // AUTOINCREMENT is only valid right after INTEGER PRIMARY KEY; a rowid alias is never NULL anyway.
            w.sql(mods.autoIncrement() ? " PRIMARY KEY AUTOINCREMENT" : " PRIMARY KEY NOT NULL");
        } else {
            if (mods.notNull()) w.sql(" NOT NULL");
            if (mods.unique()) w.sql(" UNIQUE");
        }
        if (mods.defaultValue() != null) w.sql(" DEFAULT ").sql(mods.defaultValue().sql(Dialect.SQLITE, c.type(), false));
    }

    private static void mysqlColumn(SqlWriter w, Column c, ColumnMods mods, boolean pk, boolean fk) {
        // MySQL cannot index TEXT/BLOB without a prefix length: indexed string/binary columns get a bounded type.
        boolean indexed = pk || mods.unique() || fk;
        String type = switch (c.type()) {
            case INT -> "BIGINT";
            case STR -> indexed ? "VARCHAR(255)" : "MEDIUMTEXT";
            case FLOAT -> "DOUBLE";
            case BOOL -> "BOOLEAN";
            case BLOB -> indexed ? "VARBINARY(255)" : "LONGBLOB";
        };
        w.id(c.name()).sql(" ").sql(type);
        if (pk || mods.notNull()) w.sql(" NOT NULL");
        if (mods.autoIncrement()) w.sql(" AUTO_INCREMENT");
        if (mods.unique() && !pk) w.sql(" UNIQUE");
        if (mods.defaultValue() != null) {
            // TEXT/BLOB defaults and CURRENT_TIMESTAMP on a non-temporal column need the expression form.
            boolean expression = type.equals("MEDIUMTEXT") || type.equals("LONGBLOB")
                    || mods.defaultValue().kind() == DefaultValue.Kind.CURRENT_TIMESTAMP;
            w.sql(" DEFAULT ").sql(mods.defaultValue().sql(Dialect.MYSQL, c.type(), expression));
        }
    }
}
