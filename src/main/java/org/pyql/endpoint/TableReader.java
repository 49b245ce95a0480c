package org.pyql.endpoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.enterprise.context.ApplicationScoped;

import org.pyql.error.NotFoundException;
import org.pyql.query.SelectPlan;
import org.pyql.query.TableSchema;

/** Runs PYQL selects against one database and returns the rows, read fully before the connection goes back. */
@ApplicationScoped
public class TableReader {

    public RowSet select(DataStore store, String table, JsonNode body) {
        TableSchema schema = store.requireTable(table);
        return run(store, store.compiler().select(schema, store, body));
    }

    /** The row with this primary key, or 404. */
    public RowSet selectByKey(DataStore store, String table, String key) {
        TableSchema schema = store.requireTable(table);
        RowSet rows = run(store, store.compiler().selectByKey(schema, key));
        if (rows.isEmpty()) {
            throw new NotFoundException("row not found", table + "." + schema.primaryKey() + " = " + key);
        }
        return rows;
    }

    private RowSet run(DataStore store, SelectPlan plan) {
        int width = plan.output().size();
        try (Connection c = store.connection()) {
            PreparedStatement ps = store.prepareForRead(c, plan.statement().sql());
            try {
                Binds.apply(ps, plan.statement().binds());
                List<Object[]> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Object[] row = new Object[width];
                        for (int i = 0; i < width; i++) {
                            row[i] = rs.getObject(i + 1);
                        }
                        rows.add(row);
                    }
                }
                return new RowSet(plan.output(), rows);
            } finally {
                store.release(ps);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    /**
     * Streams every row of {@code schema} on the caller's connection (inside its transaction), in primary-key order,
     * as row sets of at most {@code chunk} rows; returns the number of rows.
     */
    public long scan(Connection c, DataStore store, TableSchema schema, int chunk,
                     java.util.function.Consumer<RowSet> out) throws SQLException {
        com.fasterxml.jackson.databind.node.ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode();
        body.putArray("select").add("*");
        body.putArray("orderby").add(schema.primaryKey()).add("asc");
        SelectPlan plan = store.compiler().select(schema, store, body);
        int width = plan.output().size();
        long total = 0;
        try (PreparedStatement ps = c.prepareStatement(plan.statement().sql())) {
            Binds.apply(ps, plan.statement().binds());
            ps.setFetchSize(store.dialect() == org.pyql.query.Dialect.MYSQL ? Integer.MIN_VALUE : chunk);
            List<Object[]> rows = new ArrayList<>(chunk);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object[] row = new Object[width];
                    for (int i = 0; i < width; i++) row[i] = rs.getObject(i + 1);
                    rows.add(row);
                    total++;
                    if (rows.size() == chunk) {
                        out.accept(new RowSet(plan.output(), rows));
                        rows = new ArrayList<>(chunk);
                    }
                }
            }
            if (!rows.isEmpty()) out.accept(new RowSet(plan.output(), rows));
        }
        return total;
    }
}
