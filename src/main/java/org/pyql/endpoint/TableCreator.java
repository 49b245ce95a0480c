package org.pyql.endpoint;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.enterprise.context.ApplicationScoped;

import org.pyql.error.BadRequestException;
import org.pyql.error.ConflictException;
import org.pyql.query.ForeignKey;
import org.pyql.query.TableDefinitions;
import org.pyql.query.TableSchema;

/**
 * Creates tables from the original config format. All tables of a body are validated first (names free, foreign keys
 * pointing at the primary key or a UNIQUE column of an existing table or of a table earlier in the same body); then they are created together: in one
 * transaction on SQLite, and on MySQL (whose DDL commits implicitly) by dropping again what this request created
 * when a later table fails.
 */
@ApplicationScoped
public class TableCreator {

    public List<String> create(DataStore store, JsonNode body, String pathTable) {
        List<TableSchema> defs = validate(store, body, pathTable);
        List<String> ddl = new ArrayList<>();
        for (TableSchema t : defs) ddl.add(TableDefinitions.createTableSql(t, store.dialect()));
        ReentrantLock lock = store.writeLock();
        if (lock != null) lock.lock();
        try {
            execute(store, defs, ddl);
        } finally {
            if (lock != null) lock.unlock();
            store.refreshSchema();
        }
        return defs.stream().map(TableSchema::name).toList();
    }

    /**
     * Parses and checks a create body without creating anything: 400 for an invalid definition or a foreign key to
     * an unknown table or to a column that is neither its primary key nor UNIQUE, 409 for a name already taken.
     * {@code pathTable} (when not null) must be the body's one table.
     */
    public List<TableSchema> validate(DataStore store, JsonNode body, String pathTable) {
        List<TableSchema> defs = TableDefinitions.parse(body);
        if (defs.isEmpty()) throw new BadRequestException("no table definition in body");
        if (pathTable != null && (defs.size() != 1 || !defs.get(0).name().equals(pathTable))) {
            throw new BadRequestException("body does not define table " + pathTable,
                    "POST /db/{db}/table/" + pathTable + "/create takes exactly that table's config");
        }
        store.refreshSchema();
        Set<String> known = new HashSet<>();
        store.tables().forEach(t -> known.add(t.name()));
        Set<String> inBody = new HashSet<>();
        Map<String, Set<String>> referenced = new HashMap<>();
        for (TableSchema t : defs) {
            if (known.contains(t.name())) throw new ConflictException("table " + t.name() + " already exists");
            if (!inBody.add(t.name())) throw new BadRequestException("table " + t.name() + " is defined twice");
            for (ForeignKey fk : t.foreignKeys()) {
                if (known.contains(fk.refTable())) referenced.put(fk.refTable(), null);
            }
        }
        if (!referenced.isEmpty()) referenced = uniqueColumns(store, referenced.keySet());
        TableDefinitions.checkForeignKeyTargets(defs, referenced);
        return defs;
    }

    /**
     * For each existing table, its single-column primary key and single-column unique indexes, from the database's own
     * metadata (the cached schema does not record uniqueness).
     */
    private static Map<String, Set<String>> uniqueColumns(DataStore store, Set<String> tables) {
        Map<String, Set<String>> out = new HashMap<>();
        try (Connection c = store.connection()) {
            DatabaseMetaData md = c.getMetaData();
            String catalog = store.dialect() == org.pyql.query.Dialect.MYSQL ? c.getCatalog() : null;
            for (String table : tables) {
                Set<String> unique = new HashSet<>();
                List<String> pk = new ArrayList<>();
                try (ResultSet rs = md.getPrimaryKeys(catalog, null, table)) {
                    while (rs.next()) pk.add(rs.getString("COLUMN_NAME"));
                }
                if (pk.size() == 1) unique.add(pk.get(0));
                Map<String, List<String>> indexes = new HashMap<>();
                try (ResultSet rs = md.getIndexInfo(catalog, null, table, true, false)) {
                    while (rs.next()) {
                        String index = rs.getString("INDEX_NAME");
                        String column = rs.getString("COLUMN_NAME");
                        if (index != null && column != null && !rs.getBoolean("NON_UNIQUE")) {
                            indexes.computeIfAbsent(index, k -> new ArrayList<>()).add(column);
                        }
                    }
                }
                indexes.values().stream().filter(cols -> cols.size() == 1).forEach(cols -> unique.add(cols.get(0)));
                out.put(table, unique);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
        return out;
    }

    /**
     * Creates validated tables on {@code c} inside the caller's transaction. Only for SQLite, whose DDL is
     * transactional; MySQL commits DDL implicitly, so there {@link #create} is the way (see the package notes of
     * {@code org.pyql.endpoint.replication}).
     */
    public void createInTransaction(Connection c, DataStore store, List<TableSchema> defs) {
        if (store.dialect() != org.pyql.query.Dialect.SQLITE) {
            throw new IllegalStateException("DDL inside a transaction needs SQLite, not " + store.dialect());
        }
        try (Statement st = c.createStatement()) {
            for (TableSchema t : defs) st.execute(TableDefinitions.createTableSql(t, store.dialect()));
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    private static void execute(DataStore store, List<TableSchema> defs, List<String> ddl) {
        boolean transactionalDdl = store.dialect() == org.pyql.query.Dialect.SQLITE;
        List<String> created = new ArrayList<>();
        try (Connection c = store.connection(); Statement st = c.createStatement()) {
            c.setAutoCommit(!transactionalDdl);
            try {
                for (int i = 0; i < ddl.size(); i++) {
                    st.execute(ddl.get(i));
                    created.add(defs.get(i).name());
                }
                if (transactionalDdl) c.commit();
            } catch (SQLException e) {
                if (transactionalDdl) {
                    c.rollback();
                } else {
                    for (int i = created.size() - 1; i >= 0; i--) {
                        try {
                            st.execute("DROP TABLE " + store.dialect().quote(created.get(i)));
                        } catch (SQLException dropFailure) {
                            e.addSuppressed(dropFailure);
                        }
                    }
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }
}
