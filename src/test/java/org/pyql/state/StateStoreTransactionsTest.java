package org.pyql.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions on the state DB that read before they write: concurrent ones all commit (SQLite refuses the write of a
 * transaction whose read snapshot is stale with an immediate {@code SQLITE_BUSY}), and one that meets
 * {@code SQLITE_BUSY} from outside the store is run again from the start.
 */
class StateStoreTransactionsTest {
    @TempDir
    Path dir;
    private StateStore store;

    @BeforeEach
    void open() {
        store = new StateStore();
        store.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Reads setting {@code name} and writes it back incremented: a read, then a write, in one transaction. */
    private int increment(String name) {
        return store.inTransaction(em -> {
            SettingEntity s = em.find(SettingEntity.class, name);
            int next = s == null ? 1 : Integer.parseInt(s.getValue()) + 1;
            if (s == null) em.persist(new SettingEntity(name, String.valueOf(next)));
            else s.setValue(String.valueOf(next));
            return next;
        });
    }

    @Test
    void concurrentReadThenWriteTransactionsAllCommitAndNoneIsLost() throws Exception {
        int threads = 4;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) increment("counter");
                }));
            }
            for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);   // a SQLITE_BUSY would surface here
        } finally {
            pool.shutdownNow();
        }
        assertEquals(String.valueOf(threads * each), store.setting("counter").orElseThrow(),
                "every increment committed exactly once");
    }

    @Test
    void aTransactionWhoseSnapshotWentStaleIsRunAgainFromTheStart() throws Exception {
        store.inTransaction(em -> {
            em.persist(new SettingEntity("seen", "0"));
            return null;
        });
        AtomicInteger attempts = new AtomicInteger();
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"))) {
            String result = store.inTransaction(em -> {
                SettingEntity s = em.find(SettingEntity.class, "seen");   // the read snapshot starts here
                if (attempts.incrementAndGet() == 1) write(other, "intruder", "x");   // commits after our read
                s.setValue("attempt " + attempts.get());
                em.persist(new SettingEntity("mine-" + attempts.get(), "y"));
                return s.getValue();
            });
            assertEquals(2, attempts.get(), "the first attempt met SQLITE_BUSY and was run again");
            assertEquals("attempt 2", result);
        }
        assertEquals("attempt 2", store.setting("seen").orElseThrow());
        assertEquals("x", store.setting("intruder").orElseThrow());
        assertFalse(store.setting("mine-1").isPresent(), "the failed attempt left nothing behind");
        assertTrue(store.setting("mine-2").isPresent());
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> store.inTransaction(em -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("not a busy database");
        }));
        assertEquals(1, attempts.get());
    }

    private static void write(Connection c, String name, String value) {
        try (PreparedStatement st = c.prepareStatement("insert into node_settings (name, setting_value) values (?, ?)")) {
            st.setString(1, name);
            st.setString(2, value);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
