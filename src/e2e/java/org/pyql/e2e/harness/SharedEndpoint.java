package org.pyql.e2e.harness;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: ONE data endpoint node for the whole test run (CPU is the limit), started on first use and
 * stopped when the run ends (root store). It serves SQLite database {@value #SQLITE_DB} ({@code main.db} in its data
 * dir) and, when MySQL is reachable, MySQL database {@value #MYSQL_DB} on schema {@value #MYSQL_SCHEMA}, unique to
 * this run, created before the node starts and dropped when the run ends.
 *
 * <p>Use: {@code @ExtendWith(SharedEndpoint.class)} and a {@code @BeforeAll} (or test) parameter of type
 * {@link SharedEndpoint.Endpoint}. A start failure is remembered, so every class fails fast with the same cause
 * instead of starting the node again.
 */
public final class SharedEndpoint implements BeforeAllCallback, ParameterResolver {
    public static final String SQLITE_DB = "main";
    public static final String MYSQL_DB = "company";
    /** Unique per run (two runs against one server never collide); dropped when the run ends. */
    public static final String MYSQL_SCHEMA = "pyql_e2e_" + Long.toString(ProcessHandle.current().pid(), 36)
            + "_" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    public static final String ADMIN_PASSWORD = "e2e-Admin-pw-1";

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SharedEndpoint.class);

    /** The shared node and what it serves. */
    public record Endpoint(PyqlNode node, boolean mysqlAttached) {
        public PyqlClient admin() {
            return node.admin();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        holder(context).get();
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == Endpoint.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return holder(e).get();
    }

    private static Holder holder(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(Holder.class, k -> new Holder(), Holder.class);
    }

    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        private Endpoint endpoint;
        private RuntimeException failure;

        synchronized Endpoint get() {
            if (endpoint != null) return endpoint;
            if (failure != null) throw new IllegalStateException("the shared endpoint node failed to start earlier", failure);
            try {
                endpoint = launch();
                return endpoint;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }

        private static Endpoint launch() {
            boolean mysql = MySql.available();
            PyqlNode.Builder b = PyqlNode.builder("shared-endpoint").role("endpoint").adminPassword(ADMIN_PASSWORD)
                    .database(SQLITE_DB, "sqlite:" + SQLITE_DB + ".db");
            if (mysql) {
                MySql.recreateDatabase(MYSQL_SCHEMA);
                b.mysqlDatabase(MYSQL_DB, MySql.hostPortSchema(MYSQL_SCHEMA), E2eEnv.mysqlUser(), E2eEnv.mysqlPassword());
            } else {
                System.err.println("[pyql-e2e] " + MySql.unavailableReason() + "; the shared endpoint serves SQLite only");
            }
            return new Endpoint(b.start(), mysql);
        }

        @Override
        public synchronized void close() {
            try {
                if (endpoint != null) endpoint.node().close();
            } finally {
                if (endpoint != null && endpoint.mysqlAttached()) MySql.dropDatabase(MYSQL_SCHEMA);
            }
        }
    }
}
