package org.pyql.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.pyql.config.DatabaseSpec;
import org.pyql.error.PyqlException;

/** Bulk inserts go out as chunked multi-row INSERTs: every row lands once, with its values, or none do. */
class TableWriterBulkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private DataStore store;
    private final TableWriter writer = new TableWriter();

    @BeforeEach
    void open() throws Exception {
        store = new DataStore(new DatabaseSpec("main", DatabaseSpec.Kind.SQLITE,
                "jdbc:sqlite:" + dir.resolve("main.db"), null, null));
        store.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE employees (id INTEGER PRIMARY KEY, name TEXT, position_id INTEGER)");
            }
            return null;
        });
        store.refreshSchema();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ArrayNode rows(int first, int n) {
        ArrayNode a = JSON.createArrayNode();
        for (int id = first; id < first + n; id++) {
            var row = a.addObject().put("id", id).put("name", "employee " + id);
            if (id % 7 != 0) row.put("position_id", id % 100);   // a second column set in the middle of the runs
        }
        return a;
    }

    @Test
    void everyRowOfAMultiChunkBulkLandsWithItsValues() throws Exception {
        WriteResult r = writer.insert(store, "employees", rows(1, 2_345));
        assertEquals(2_345, r.rows());
        store.withConnection(c -> {
            assertEquals(2_345, scalar(c, "SELECT count(*) FROM employees"));
            assertEquals(2_345L * 2_346 / 2, scalar(c, "SELECT sum(id) FROM employees"));
            assertEquals(2_345 / 7, scalar(c, "SELECT count(*) FROM employees WHERE position_id IS NULL"));
            assertEquals(1_234 % 100, scalar(c, "SELECT position_id FROM employees WHERE id = 1234"));
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT name FROM employees WHERE id = 2345")) {
                assertTrue(rs.next());
                assertEquals("employee 2345", rs.getString(1));
            }
            return null;
        });
    }

    @Test
    void aDuplicateInTheLastChunkRollsBackTheWholeBulk() throws Exception {
        ArrayNode body = rows(1, 1_500);
        body.add(body.get(3).deepCopy());
        assertThrows(PyqlException.class, () -> writer.insert(store, "employees", body));
        store.withConnection(c -> {
            assertEquals(0, scalar(c, "SELECT count(*) FROM employees"));
            return null;
        });
    }

    @Test
    void chunksStayWithinTheStatementCacheAndBindLimits() {
        String head = "INSERT INTO `employees` (`id`, `name`, `position_id`)";
        int n = TableWriter.multiRowCount(head, 3);
        String sql = TableWriter.multiRowSql(head, 3, n);
        assertTrue(sql.length() <= 4096, "SQL of " + sql.length() + " chars");
        assertTrue(n > 100, n + " rows per chunk");
        assertEquals(3 * n, sql.chars().filter(ch -> ch == '?').count());
        assertEquals(head + " VALUES (?,?,?),(?,?,?)", TableWriter.multiRowSql(head, 3, 2));
        assertEquals(1, TableWriter.multiRowCount(head, 5_000));
    }

    private static long scalar(Connection c, String sql) throws java.sql.SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
