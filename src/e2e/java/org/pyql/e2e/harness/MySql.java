package org.pyql.e2e.harness;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The MariaDB/MySQL server the tests use ({@code pyql.test.mysql.url}, user root, empty password by default), reached
 * over JDBC: availability probe, (re)creating a test schema, direct queries to check what the API did.
 *
 * <p>{@link #requireOrSkip(String)}: when the server is unreachable, MySQL tests FAIL if {@code PYQL_REQUIRE_MYSQL=1}
 * and are otherwise skipped with a loud message on stderr; never silently.
 */
public final class MySql {
    private static volatile String unavailableReason;
    private static volatile boolean probed;

    private MySql() {
    }

    /** null when reachable, else why not. Probed once per JVM. */
    public static synchronized String unavailableReason() {
        if (!probed) {
            probed = true;
            try (Connection c = connect("")) {
                c.isValid(5);
            } catch (SQLException | RuntimeException e) {
                unavailableReason = "MySQL/MariaDB at " + E2eEnv.mysqlUrl() + " (user " + E2eEnv.mysqlUser()
                        + ") is not reachable: " + e.getMessage();
            }
        }
        return unavailableReason;
    }

    public static boolean available() {
        return unavailableReason() == null;
    }

    /** Call first in a MySQL test (class): fails or skips, loudly, when MySQL is unreachable. */
    public static void requireOrSkip(String what) {
        String reason = unavailableReason();
        if (reason == null) return;
        if (E2eEnv.mysqlRequired()) {
            Assertions.fail("PYQL_REQUIRE_MYSQL=1 but " + reason + " -- " + what + " cannot run");
        }
        banner(what, reason);
        Assumptions.abort("MySQL not available: " + reason);
    }

    /** The condition behind {@link RequiresMySql}: disables the class (loudly) when MySQL is unreachable and not required. */
    public static final class SkipWhenUnavailable implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String reason = unavailableReason();
            if (reason == null) return ConditionEvaluationResult.enabled("MySQL is reachable");
            if (E2eEnv.mysqlRequired()) return ConditionEvaluationResult.enabled("PYQL_REQUIRE_MYSQL=1: run and fail");
            banner(context.getDisplayName(), reason);
            return ConditionEvaluationResult.disabled("MySQL not available (set PYQL_REQUIRE_MYSQL=1 to fail): " + reason);
        }
    }

    private static void banner(String what, String reason) {
        String line = "*".repeat(100);
        System.err.println(line);
        System.err.println("* SKIPPING MySQL tests (" + what + "): " + reason);
        System.err.println("* Start MariaDB on 127.0.0.1:3306 (root, empty password) to run them;"
                + " set PYQL_REQUIRE_MYSQL=1 to make this a failure.");
        System.err.println(line);
    }

    /** Drops and creates {@code schema} (utf8mb4, binary collation like the endpoint's tables). */
    public static void recreateDatabase(String schema) {
        checkIdentifier(schema);
        try (Connection c = connect(""); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS `" + schema + "`");
            st.execute("CREATE DATABASE `" + schema + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recreate database " + schema + ": " + e.getMessage(), e);
        }
    }

    /** Drops {@code schema} if it exists; a failure is reported, never thrown (cleanup must not hide a test's result). */
    public static void dropDatabase(String schema) {
        checkIdentifier(schema);
        try (Connection c = connect(""); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS `" + schema + "`");
        } catch (SQLException e) {
            System.err.println("[pyql-e2e] could not drop test database " + schema + ": " + e.getMessage());
        }
    }

    /** A JDBC connection to {@code schema} ("" for none). */
    public static Connection connect(String schema) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", E2eEnv.mysqlUser());
        p.setProperty("password", E2eEnv.mysqlPassword());
        p.setProperty("connectTimeout", "3000");
        p.setProperty("socketTimeout", "30000");
        p.setProperty("allowPublicKeyRetrieval", "true");
        p.setProperty("useSSL", "false");
        return DriverManager.getConnection(E2eEnv.mysqlUrl() + schema, p);
    }

    /** {@code host:port/schema} for {@link PyqlNode.Builder#mysqlDatabase}, from the test JDBC URL. */
    public static String hostPortSchema(String schema) {
        URI u = URI.create(E2eEnv.mysqlUrl().substring("jdbc:".length()));
        int port = u.getPort() > 0 ? u.getPort() : 3306;
        return u.getHost() + ":" + port + "/" + schema;
    }

    private static void checkIdentifier(String s) {
        if (!s.matches("[A-Za-z0-9_]+")) throw new IllegalArgumentException("bad schema name " + s);
    }
}
