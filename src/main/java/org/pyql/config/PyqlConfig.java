package org.pyql.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The node's configuration. Each setting is looked up as a system property of the same name, then as an environment
 * variable; {@link #load()} reads the real ones, {@link #from(Function)} any source (tests).
 *
 * <p>Databases: {@code PYQL_DATABASES=name=sqlite:/path/file.db,shop=mysql://host:3306/shop} with
 * {@code PYQL_DB_<NAME>_USER}/{@code _PASSWORD} for MySQL ones; the original's {@code DB_TYPE DB_HOST DB_PORT DB_NAMES
 * DB_USER DB_PASSWORD} add MySQL databases too. A standalone or endpoint node without any gets SQLite {@code main}.
 */
public record PyqlConfig(NodeRole role, int port, Path dataDir, List<DatabaseSpec> databases, String initAdminPassword,
                         long userTokenTtlSeconds, long serviceTokenTtlSeconds, long joinTokenTtlSeconds,
                         String keyEncryptionKey, LogFormat logFormat) {

    /**
     * PYQL_LOG_FORMAT: {@code text} (default, one readable line per record) or {@code json} (one JSON object per line
     * with time, level, logger, message, node and request id, for Kubernetes log collectors).
     */
    public enum LogFormat { TEXT, JSON }

    private static final Pattern DB_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    /**
     * PYQL_EXIT_ON_START_FAILURE (default true): a node that cannot start, or loses its Hazelcast member, exits with
     * status 3 for its supervisor. Read on its own because it must work when the rest of the configuration is invalid.
     */
    public static boolean exitOnStartFailure() {
        String v = System.getProperty("PYQL_EXIT_ON_START_FAILURE", System.getenv("PYQL_EXIT_ON_START_FAILURE"));
        return !"false".equalsIgnoreCase(v);
    }

    /** Never prints the admin password or the key-encryption key. */
    @Override
    public String toString() {
        return "PyqlConfig[role=" + role + ", port=" + port + ", dataDir=" + dataDir + ", databases=" + databases + "]";
    }

    public static PyqlConfig load() {
        return from(name -> {
            String v = System.getProperty(name);
            return v != null ? v : System.getenv(name);
        });
    }

    public static PyqlConfig from(Function<String, String> source) {
        Function<String, String> get = n -> {
            String v = source.apply(n);
            return v == null || v.isBlank() ? null : v.trim();
        };
        NodeRole role = NodeRole.parse(orDefault(get.apply("PYQL_ROLE"), "standalone"));
        int port = Integer.parseInt(orDefault(get.apply("PYQL_PORT"), "8080"));
        Path dataDir = Path.of(orDefault(get.apply("PYQL_DATA_DIR"), "data")).toAbsolutePath().normalize();
        Map<String, DatabaseSpec> dbs = new LinkedHashMap<>();
        String list = get.apply("PYQL_DATABASES");
        if (list != null) {
            for (String entry : list.split(",")) {
                if (entry.isBlank()) continue;
                int eq = entry.indexOf('=');
                if (eq < 1) throw new IllegalStateException("PYQL_DATABASES entry '" + entry + "' is not name=location");
                String name = entry.substring(0, eq).trim();
                String loc = entry.substring(eq + 1).trim();
                String upper = name.toUpperCase(Locale.ROOT);
                add(dbs, parseLocation(name, loc, dataDir, get.apply("PYQL_DB_" + upper + "_USER"),
                        get.apply("PYQL_DB_" + upper + "_PASSWORD")));
            }
        }
        String legacyNames = get.apply("DB_NAMES");
        if (legacyNames != null && "mysql".equalsIgnoreCase(orDefault(get.apply("DB_TYPE"), "mysql"))) {
            String host = orDefault(get.apply("DB_HOST"), "127.0.0.1");
            String dbPort = orDefault(get.apply("DB_PORT"), "3306");
            for (String name : legacyNames.split(",")) {
                if (name.isBlank()) continue;
                add(dbs, new DatabaseSpec(name.trim(), DatabaseSpec.Kind.MYSQL,
                        "jdbc:mysql://" + host + ":" + dbPort + "/" + name.trim(), get.apply("DB_USER"),
                        get.apply("DB_PASSWORD")));
            }
        }
        if (dbs.isEmpty() && role.servesEndpoint()) {
            add(dbs, new DatabaseSpec("main", DatabaseSpec.Kind.SQLITE,
                    "jdbc:sqlite:" + dataDir.resolve("main.db"), null, null));
        }
        long userTtl = Long.parseLong(orDefault(get.apply("PYQL_USER_TOKEN_TTL"), "3600"));
        long serviceTtl = Long.parseLong(orDefault(get.apply("PYQL_SERVICE_TOKEN_TTL"), String.valueOf(30L * 24 * 3600)));
        long joinTtl = Long.parseLong(orDefault(get.apply("PYQL_JOIN_TOKEN_TTL"), String.valueOf(7L * 24 * 3600)));
        return new PyqlConfig(role, port, dataDir, List.copyOf(new ArrayList<>(dbs.values())),
                get.apply("PYQL_CLUSTER_INIT_ADMIN_PW"), userTtl, serviceTtl, joinTtl, get.apply("PYQL_KEY_ENCRYPTION_KEY"),
                logFormat(get.apply("PYQL_LOG_FORMAT")));
    }

    private static LogFormat logFormat(String v) {
        if (v == null || v.equalsIgnoreCase("text")) return LogFormat.TEXT;
        if (v.equalsIgnoreCase("json")) return LogFormat.JSON;
        throw new IllegalStateException("PYQL_LOG_FORMAT must be text or json, not '" + v + "'");
    }

    private static DatabaseSpec parseLocation(String name, String loc, Path dataDir, String user, String password) {
        String lower = loc.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sqlite:")) {
            Path file = dataDir.resolve(loc.substring("sqlite:".length())).toAbsolutePath().normalize();
            return new DatabaseSpec(name, DatabaseSpec.Kind.SQLITE, "jdbc:sqlite:" + file, null, null);
        }
        if (lower.startsWith("mysql://") || lower.startsWith("mariadb://")) {
            return new DatabaseSpec(name, DatabaseSpec.Kind.MYSQL, "jdbc:mysql://" + loc.substring(loc.indexOf("://") + 3),
                    user, password);
        }
        if (lower.startsWith("jdbc:mysql:") || lower.startsWith("jdbc:mariadb:")) {
            return new DatabaseSpec(name, DatabaseSpec.Kind.MYSQL, loc, user, password);
        }
        throw new IllegalStateException("database '" + name + "': location must start with sqlite: or mysql://, not '" + loc + "'");
    }

    private static void add(Map<String, DatabaseSpec> dbs, DatabaseSpec spec) {
        if (!DB_NAME.matcher(spec.name()).matches()) {
            throw new IllegalStateException("database name '" + spec.name() + "' must match " + DB_NAME.pattern());
        }
        if (spec.name().equalsIgnoreCase("pyql")) {
            throw new IllegalStateException("database name 'pyql' is reserved for the node's own state");
        }
        if (dbs.putIfAbsent(spec.name(), spec) != null) {
            throw new IllegalStateException("database '" + spec.name() + "' is configured twice");
        }
    }

    private static String orDefault(String v, String d) {
        return v == null ? d : v;
    }
}
