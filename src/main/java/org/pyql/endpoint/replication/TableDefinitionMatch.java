package org.pyql.endpoint.replication;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.pyql.query.Column;
import org.pyql.query.ForeignKey;
import org.pyql.query.TableSchema;

/**
 * Whether a table that already exists is the one a sequenced {@code create} defines, so that the create is a no-op
 * (e.g. the joiner that brought the table, or a create redelivered after MySQL committed its DDL but not the position).
 * Compared: column names (case-insensitive, as both back ends fold them) and order, types, the primary key, NOT NULL
 * outside the key, auto increment, and the foreign keys' columns and targets. Not compared: the text of mods, which the
 * database reports in its own normalised words.
 */
final class TableDefinitionMatch {
    private TableDefinitionMatch() {
    }

    static boolean same(TableSchema existing, TableSchema wanted) {
        List<Column> a = existing.columns();
        List<Column> b = wanted.columns();
        if (a.size() != b.size()) return false;
        if (!equalsIgnoreCase(existing.primaryKey(), wanted.primaryKey())) return false;
        for (int i = 0; i < a.size(); i++) {
            Column x = a.get(i);
            Column y = b.get(i);
            if (!x.name().equalsIgnoreCase(y.name()) || x.type() != y.type()) return false;
            boolean key = x.name().equalsIgnoreCase(existing.primaryKey());
            if (!key && x.notNull() != y.notNull()) return false;
            if (x.autoIncrement() != y.autoIncrement()) return false;
        }
        return foreignKeys(existing).equals(foreignKeys(wanted));
    }

    private static Set<String> foreignKeys(TableSchema t) {
        Set<String> out = new HashSet<>();
        for (ForeignKey fk : t.foreignKeys()) {
            out.add((fk.column() + "->" + fk.refTable() + "." + fk.refColumn()).toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static boolean equalsIgnoreCase(String a, String b) {
        return a == null ? b == null : a.equalsIgnoreCase(b);
    }
}
