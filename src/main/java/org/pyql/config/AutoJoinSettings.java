package org.pyql.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Whether and how a data endpoint joins a data cluster by itself at every start (the original's pyql-rest variables),
 * read like {@link PyqlConfig}:
 * <ul>
 *   <li>{@code PYQL_TYPE}: {@code STANDALONE} (default: no auto-join; join with the README's curl) or {@code K8S}.</li>
 *   <li>{@code PYQL_CLUSTER_SVC}: base URL of a cluster node or service, e.g. {@code http://pyql-cluster:8080}.</li>
 *   <li>{@code PYQL_CLUSTER_NAME}: the data cluster; {@code PYQL_CLUSTER_JOIN_TOKEN}: a join token for it (secret).</li>
 *   <li>{@code PYQL_CLUSTER_TABLES}: {@code ALL} (default) or {@code t1,t2}: the tables an {@code init} join offers.</li>
 *   <li>{@code PYQL_CLUSTER_ACTION}: {@code init} (seed: offer tables) or {@code join} (default: replica, offer none).</li>
 *   <li>{@code PYQL_HOST}: the host the cluster reaches this endpoint at (default: this machine's host name); the
 *       port is {@code PYQL_PORT}. {@code PYQL_NAME}: the endpoint's name in the cluster (default: the host).</li>
 *   <li>{@code PYQL_ENDPOINT_TOKEN_TTL}: lifetime in seconds of the service token the endpoint issues for the cluster
 *       to call it with (default 365 days; a new one is sent at every start).</li>
 * </ul>
 * Only role {@code endpoint} auto-joins: on the other roles these names configure the Hazelcast cluster
 * ({@link ClusterSettings}).
 *
 * @param tables the tables to offer, or null for ALL
 */
public record AutoJoinSettings(boolean enabled, URI clusterService, String clusterName, String joinToken,
                               List<String> tables, boolean init, String host, String endpointName,
                               long endpointTokenTtlSeconds) {

    public static AutoJoinSettings load() {
        return from(name -> {
            String v = System.getProperty(name);
            return v != null ? v : System.getenv(name);
        });
    }

    public static AutoJoinSettings from(Function<String, String> source) {
        Function<String, String> get = n -> {
            String v = source.apply(n);
            return v == null || v.isBlank() ? null : v.trim();
        };
        String type = or(get.apply("PYQL_TYPE"), "STANDALONE").toUpperCase(Locale.ROOT);
        if (!type.equals("STANDALONE") && !type.equals("K8S")) {
            throw new IllegalStateException("PYQL_TYPE must be STANDALONE or K8S, not '" + type + "'");
        }
        String host = or(get.apply("PYQL_HOST"), localHostName());
        String name = or(get.apply("PYQL_NAME"), host);
        long ttl = parseTtl(get.apply("PYQL_ENDPOINT_TOKEN_TTL"));
        if (type.equals("STANDALONE")) {
            return new AutoJoinSettings(false, null, null, null, null, false, host, name, ttl);
        }
        URI svc = serviceUri(require(get, "PYQL_CLUSTER_SVC"));
        String cluster = require(get, "PYQL_CLUSTER_NAME");
        String token = require(get, "PYQL_CLUSTER_JOIN_TOKEN");
        String action = or(get.apply("PYQL_CLUSTER_ACTION"), "join").toLowerCase(Locale.ROOT);
        if (!action.equals("init") && !action.equals("join")) {
            throw new IllegalStateException("PYQL_CLUSTER_ACTION must be init or join, not '" + action + "'");
        }
        return new AutoJoinSettings(true, svc, cluster, token, tables(or(get.apply("PYQL_CLUSTER_TABLES"), "ALL")),
                action.equals("init"), host, name, ttl);
    }

    /** {@code host:port}, the path the cluster stores for this endpoint. */
    public String path(int port) {
        return host + ":" + port;
    }

    /** The join token is a secret: never printed. */
    @Override
    public String toString() {
        return "AutoJoinSettings[enabled=" + enabled + ", service=" + clusterService + ", cluster=" + clusterName
                + ", action=" + (init ? "init" : "join") + ", tables=" + (tables == null ? "ALL" : tables)
                + ", host=" + host + ", name=" + endpointName + ", joinToken=" + (joinToken == null ? "none" : "set") + "]";
    }

    private static List<String> tables(String value) {
        if (value.equalsIgnoreCase("ALL")) return null;
        List<String> out = new ArrayList<>();
        for (String t : value.split(",")) {
            if (!t.isBlank()) out.add(t.trim());
        }
        if (out.isEmpty()) throw new IllegalStateException("PYQL_CLUSTER_TABLES must be ALL or a list t1,t2");
        return List.copyOf(out);
    }

    private static URI serviceUri(String value) {
        String v = value.contains("://") ? value : "http://" + value;
        try {
            URI u = URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
            if (u.getHost() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                throw new IllegalArgumentException("no http(s) host");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("PYQL_CLUSTER_SVC must be a URL such as http://pyql-cluster:8080, not '"
                    + value + "'");
        }
    }

    private static long parseTtl(String v) {
        if (v == null) return 365L * 24 * 3600;
        try {
            long n = Long.parseLong(v);
            if (n < 60) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("PYQL_ENDPOINT_TOKEN_TTL must be a whole number of seconds >= 60, not '" + v + "'");
        }
    }

    private static String require(Function<String, String> get, String name) {
        String v = get.apply(name);
        if (v == null) throw new IllegalStateException(name + " is required when PYQL_TYPE=K8S");
        return v;
    }

    private static String localHostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    private static String or(String v, String d) {
        return v == null ? d : v;
    }
}
