package org.pyql.state;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;

import org.flywaydb.core.Flyway;
import org.hibernate.SessionFactory;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.sqlite.SQLiteException;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * JPA access to the node's local state database. Each call runs in its own resource-local transaction; state is small
 * and written rarely, so simplicity beats batching here.
 *
 * <p>The schema is versioned: Flyway applies {@code src/main/resources/db/state/V*__*.sql} in order when the store
 * opens, and Hibernate only validates that the entities match ({@code hbm2ddl=validate}), so a node never changes a
 * table on its own and a rolling upgrade with a changed entity runs its migration exactly once per state DB. A state
 * DB written before migrations existed (tables made by {@code hbm2ddl=update}, the schema of V1) is adopted as
 * version 1 ({@link #BASELINE}) and migrated from there. A new entity field needs a new {@code V<n>__...sql}.
 *
 * <p>Transactions run one at a time. SQLite has a single writer anyway, and in WAL mode a transaction that read
 * before another connection committed cannot write at all: SQLite answers {@code SQLITE_BUSY} at once, without
 * waiting {@code busy_timeout} (waiting could deadlock). Two writers that each read first, e.g. a map listener
 * persisting a replicated row while the node records its cluster id, hit exactly that (a CI run of 2026-12-02: the
 * listener's row reached the local DB only at the next reconcile). A transaction that still meets {@code SQLITE_BUSY}
 * (another process on the file, a nested transaction) is run again from the start, a few times.
 */
@ApplicationScoped
public class StateStore {
    /** The migrations' classpath location. */
    static final String MIGRATIONS = "classpath:db/state";
    /** The version a pre-migration state DB is taken to be at: V1 is exactly the schema hbm2ddl made then. */
    static final String BASELINE = "1";
    /** How often a transaction that met {@code SQLITE_BUSY} is run in all. */
    static final int BUSY_ATTEMPTS = 5;
    private static final Logger LOG = Logger.getLogger(StateStore.class.getName());
    /** One transaction at a time (see the class comment); fair, so a burst of listener writes cannot starve a request. */
    private final ReentrantLock transactions = new ReentrantLock(true);
    private HikariDataSource dataSource;
    private SessionFactory sessions;

    public synchronized void open(Path dataDir) {
        if (sessions != null) return;
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("pyql-state");
        hc.setDriverClassName("org.sqlite.JDBC");
        hc.setJdbcUrl("jdbc:sqlite:" + dataDir.resolve("state.db"));
        hc.setMaximumPoolSize(2);
        hc.addDataSourceProperty("journal_mode", "WAL");
        hc.addDataSourceProperty("synchronous", "FULL");
        hc.addDataSourceProperty("busy_timeout", "10000");
        dataSource = new HikariDataSource(hc);
        migrate(dataSource);
        sessions = buildSessions(configuration(dataSource, "validate"));   // the migrations own the schema
    }

    /** The Hibernate configuration of the state DB over {@code ds}; {@code hbm2ddl} is Hibernate's schema action. */
    static Configuration configuration(javax.sql.DataSource ds, String hbm2ddl) {
        Configuration cfg = new Configuration()
                .addAnnotatedClass(PrincipalEntity.class)
                .addAnnotatedClass(SettingEntity.class)
                // replicated cluster metadata (org.pyql.coordination.ClusterStateService)
                .addAnnotatedClass(NodeEntity.class)
                .addAnnotatedClass(ClusterEntity.class)
                .addAnnotatedClass(EndpointEntity.class)
                .addAnnotatedClass(TableEntity.class)
                .addAnnotatedClass(ReplicaEntity.class)
                .addAnnotatedClass(JobEntity.class)
                .addAnnotatedClass(UserEntity.class)
                .addAnnotatedClass(JoinTokenEntity.class)
                .addAnnotatedClass(KeyRingEntity.class);
        cfg.getProperties().put(AvailableSettings.DATASOURCE, ds);
        cfg.setProperty(AvailableSettings.DIALECT, "org.hibernate.community.dialect.SQLiteDialect");
        cfg.setProperty(AvailableSettings.HBM2DDL_AUTO, hbm2ddl);
        cfg.setProperty(AvailableSettings.TRANSACTION_COORDINATOR_STRATEGY, "jdbc");
        cfg.setProperty(AvailableSettings.JTA_PLATFORM, "org.hibernate.engine.transaction.jta.platform.internal.NoJtaPlatform");
        cfg.setProperty(AvailableSettings.SHOW_SQL, "false");
        return cfg;
    }

    /**
     * The session factory of {@code cfg}, with Hibernate's no-op bytecode provider given as a service: the entities need
     * no proxies or enhancement, and without it Hibernate would look the provider up with a ServiceLoader, which
     * instantiates the Byte Buddy one its jar declares. Byte Buddy is left out of the WAR (9 MB of classes Payara
     * would scan at every deployment), so that lookup would fail.
     */
    static SessionFactory buildSessions(Configuration cfg) {
        Map<String, Object> settings = new HashMap<>();
        cfg.getProperties().forEach((k, v) -> settings.put(k.toString(), v));
        var registry = new StandardServiceRegistryBuilder()
                .applySettings(settings)
                .addService(BytecodeProvider.class, new org.hibernate.bytecode.internal.none.BytecodeProviderImpl())
                .build();   // closed with the session factory (the builder's default)
        return cfg.buildSessionFactory(registry);
    }

    /** Brings the state DB to the newest migration; returns how many migrations ran. */
    static int migrate(javax.sql.DataSource ds) {
        return Flyway.configure(StateStore.class.getClassLoader())
                .dataSource(ds)
                .locations(MIGRATIONS)
                .baselineOnMigrate(true)   // only for a non-empty DB without a history: one from before migrations
                .baselineVersion(BASELINE)
                .baselineDescription("state DB created by hbm2ddl=update before migrations")
                .load()
                .migrate()
                .migrationsExecuted;
    }

    /**
     * Runs {@code work} in one transaction and returns its result. {@code work} may run more than once (after
     * {@code SQLITE_BUSY}, each time in a new transaction), so it must not have effects outside the database.
     */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        for (int attempt = 1; ; attempt++) {
            transactions.lock();
            try {
                return once(work);
            } catch (RuntimeException e) {
                if (attempt >= BUSY_ATTEMPTS || !isBusy(e)) throw e;
                int n = attempt;
                LOG.info(() -> "state DB busy (attempt " + n + " of " + BUSY_ATTEMPTS + "); running the transaction again");
            } finally {
                transactions.unlock();
            }
            pause(10L << attempt);   // 20, 40, 80, 160 ms
        }
    }

    /** Whether {@code e} is SQLite's {@code SQLITE_BUSY} (any of its extended codes) under Hibernate's wrappers. */
    static boolean isBusy(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLiteException se && se.getResultCode().name().startsWith("SQLITE_BUSY")) return true;
        }
        return false;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the state DB was busy", e);
        }
    }

    private <T> T once(Function<EntityManager, T> work) {
        EntityManager em = sessions.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            if (tx.isActive()) tx.rollback();
            throw e;
        } finally {
            em.close();
        }
    }

    public Optional<String> setting(String name) {
        return inTransaction(em -> Optional.ofNullable(em.find(SettingEntity.class, name)).map(SettingEntity::getValue));
    }

    /** The stored value, or {@code initial} stored now when there is none. */
    public String settingOrCreate(String name, java.util.function.Supplier<String> initial) {
        return inTransaction(em -> {
            SettingEntity s = em.find(SettingEntity.class, name);
            if (s == null) {
                s = new SettingEntity(name, initial.get());
                em.persist(s);
            }
            return s.getValue();
        });
    }

    public Optional<PrincipalEntity> principalByUsername(String username) {
        return inTransaction(em -> {
            List<PrincipalEntity> found = em.createQuery(
                            "select p from PrincipalEntity p where p.username = :u", PrincipalEntity.class)
                    .setParameter("u", username).getResultList();
            return found.stream().findFirst();
        });
    }

    public Optional<PrincipalEntity> principal(String id) {
        return inTransaction(em -> Optional.ofNullable(em.find(PrincipalEntity.class, id)));
    }

    public void save(PrincipalEntity p) {
        inTransaction(em -> {
            em.merge(p);
            return null;
        });
    }

    @PreDestroy
    public synchronized void close() {
        if (sessions != null) sessions.close();
        if (dataSource != null) dataSource.close();
        sessions = null;
    }
}
