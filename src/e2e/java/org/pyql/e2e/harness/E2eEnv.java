package org.pyql.e2e.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the e2e tests find what they run: the system properties failsafe sets ({@code pyql.war},
 * {@code pyql.microJar}, {@code pyql.test.workdir}, {@code pyql.test.mysql.url}), with fallbacks for running a test
 * from an IDE in the project directory.
 */
public final class E2eEnv {
    private E2eEnv() {
    }

    public static Path war() {
        return existing("pyql.war", "target/pyql-cluster.war");
    }

    public static Path microJar() {
        return existing("pyql.microJar", "target/payara-micro.jar");
    }

    /** The compiled main classes ({@code target/classes}), where {@link LaunchOptions} finds the launcher program. */
    public static Path mainClasses() {
        Path p = Path.of(System.getProperty("pyql.mainClasses", "target/classes")).toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) throw new IllegalStateException(p + " does not exist; build first: mvn -B package -DskipTests");
        return p;
    }

    /** Every node's directory lives under here (default {@code target/e2e}). */
    public static Path workDir() {
        Path p = Path.of(System.getProperty("pyql.test.workdir", "target/e2e")).toAbsolutePath().normalize();
        try {
            Files.createDirectories(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p;
    }

    /** Server URL without database, e.g. {@code jdbc:mysql://127.0.0.1:3306/}. */
    public static String mysqlUrl() {
        String url = System.getProperty("pyql.test.mysql.url", "jdbc:mysql://127.0.0.1:3306/");
        return url.endsWith("/") ? url : url + "/";
    }

    public static String mysqlUser() {
        return System.getProperty("pyql.test.mysql.user", "root");
    }

    public static String mysqlPassword() {
        return System.getProperty("pyql.test.mysql.password", "");
    }

    /** {@code PYQL_REQUIRE_MYSQL=1} (env or system property): MySQL tests fail instead of being skipped. */
    public static boolean mysqlRequired() {
        String v = System.getenv("PYQL_REQUIRE_MYSQL");
        if (v == null) v = System.getProperty("PYQL_REQUIRE_MYSQL");
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes"));
    }

    /** The JDK running the tests also runs the nodes. */
    public static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static Path existing(String property, String fallback) {
        Path p = Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " does not exist (system property " + property
                    + "); build it first: mvn -B package -DskipTests");
        }
        return p;
    }
}
