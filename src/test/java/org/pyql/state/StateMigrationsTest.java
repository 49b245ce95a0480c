package org.pyql.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * The state DB's schema comes from the migrations in {@code src/main/resources/db/state}: a fresh DB gets them all,
 * a DB from before migrations (tables made by {@code hbm2ddl=update}, i.e. V1) is adopted and upgraded, and the
 * migrated schema is exactly what the entities need (Hibernate validates it at every open).
 */
class StateMigrationsTest {
    @TempDir
    Path dir;

    private static String url(Path dataDir) {
        return "jdbc:sqlite:" + dataDir.resolve("state.db");
    }

    /** Per table, its columns as "name type notnull pk" (the order of columns does not matter to the entities). */
    private static Map<String, List<String>> schema(Path dataDir) throws SQLException {
        Map<String, List<String>> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url(dataDir)); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select name from sqlite_master where type = 'table'"
                    + " and name not like 'sqlite_%' and name <> 'flyway_schema_history'")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            for (String t : tables) {
                List<String> cols = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("pragma table_info(\"" + t + "\")")) {
                    while (rs.next()) {
                        cols.add(rs.getString("name") + " " + rs.getString("type").toLowerCase() + " "
                                + rs.getInt("notnull") + " " + rs.getInt("pk"));
                    }
                }
                cols.sort(String::compareTo);
                out.put(t, cols);
            }
        }
        return out;
    }

    private static List<String> history(Path dataDir) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url(dataDir)); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select version, type, success from flyway_schema_history"
                     + " where version is not null order by installed_rank")) {
            while (rs.next()) out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3));
        }
        return out;
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = StateMigrationsTest.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aFreshStateDbGetsEveryMigrationAndWorks() throws Exception {
        StateStore store = new StateStore();
        store.open(dir);
        try {
            assertEquals("v", store.settingOrCreate("k", () -> "v"));
            store.save(new PrincipalEntity("p1", "alice", null, "hash", "user", 1L));
            assertEquals("p1", store.principalByUsername("alice").orElseThrow().getId());
        } finally {
            store.close();
        }
        assertEquals("1 SQL 1", history(dir).get(0));
        assertTrue(history(dir).stream().allMatch(h -> h.endsWith(" SQL 1")), history(dir).toString());
    }

    @Test
    void theMigratedSchemaIsWhatTheEntitiesDescribe(@TempDir Path hbm) throws Exception {
        StateStore store = new StateStore();
        store.open(dir);
        store.close();
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl(url(hbm));
        StateStore.buildSessions(StateStore.configuration(ds, "create")).close();   // Hibernate's own idea of the tables
        assertEquals(schema(hbm), schema(dir));
    }

    @Test
    void theStateDbNeedsNoBytecodeLibrary(@TempDir Path hbm) {
        // the WAR leaves Byte Buddy out (tests have it through Selenium): Hibernate must run on its no-op provider
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl(url(hbm));
        try (var sessions = StateStore.buildSessions(StateStore.configuration(ds, "create"))) {
            var provider = sessions.unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class).getServiceRegistry()
                    .requireService(org.hibernate.bytecode.spi.BytecodeProvider.class);
            assertEquals(org.hibernate.bytecode.internal.none.BytecodeProviderImpl.class, provider.getClass());
        }
    }

    @Test
    void aStateDbFromBeforeMigrationsIsAdoptedAndKeepsItsRows() throws Exception {
        // the previous release: the V1 tables (what hbm2ddl=update made), rows in them, no migration history
        try (Connection c = DriverManager.getConnection(url(dir)); Statement st = c.createStatement()) {
            String script = resource("db/state/V1__baseline.sql").lines().filter(l -> !l.startsWith("--"))
                    .reduce("", (x, y) -> x + "\n" + y);
            for (String stmt : script.split(";")) {
                if (!stmt.isBlank()) st.execute(stmt);
            }
            st.execute("insert into node_settings (name, setting_value) values ('node.id', 'old-node')");
            st.execute("insert into principals (id, created_at, email, kind, password_hash, username, version)"
                    + " values ('p0', 1, null, 'admin', 'h', 'admin', 0)");
        }
        StateStore store = new StateStore();
        store.open(dir);
        try {
            assertEquals("old-node", store.settingOrCreate("node.id", () -> "new-node"), "rows survive the upgrade");
            assertEquals("p0", store.principalByUsername("admin").orElseThrow().getId());
            store.save(new PrincipalEntity("p1", "bob", "b@example.org", "hash", "user", 2L));
            assertEquals("p1", store.principalByUsername("bob").orElseThrow().getId());
        } finally {
            store.close();
        }
        List<String> h = history(dir);
        assertEquals("1 BASELINE 1", h.get(0), "adopted as version 1, V1 not run again: " + h);
        assertTrue(h.stream().skip(1).allMatch(x -> x.endsWith(" SQL 1")), "later migrations ran: " + h);
    }
}
