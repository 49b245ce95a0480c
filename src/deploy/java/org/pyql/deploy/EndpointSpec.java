package org.pyql.deploy;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The arguments of {@code generate-pyql-rest} (the original generator's thirteen, same names), checked once so that
 * every object name is a valid Kubernetes name and every value reaches the pod unchanged (the original pasted them into
 * a shell here-document: {@code $(...)} in a password ran as a command).
 *
 * @param clusterId    suffix of every object name, shared by the seed and the replicas of one data cluster (lower-cased)
 * @param tag          the seed's own suffix: one seed deployment per tag (lower-cased)
 * @param tables       {@code ALL} or a comma list: {@code PYQL_CLUSTER_TABLES}
 * @param databases    the seed's databases (comma list): {@code DB_NAMES}, or SQLite files for {@code sqlite}
 * @param dbType       {@code mysql} or {@code sqlite}
 * @param clusterName  the data cluster the endpoints init or join: {@code PYQL_CLUSTER_NAME}
 * @param port         the port the endpoint pods listen on and advertise: {@code PYQL_PORT} and the containerPort
 * @param clusterSvc   {@code host[:port]} of the pyql-cluster client Service: {@code PYQL_CLUSTER_SVC}
 */
public record EndpointSpec(String clusterId, String tag, String tables, List<String> databases, String dbType,
                           String dbUser, String dbPassword, int dbPort, String dbHost, String joinToken,
                           String clusterName, int port, String clusterSvc, String image, String mysqlImage) {

    /** RFC 1123 label, short enough that the longest derived name stays within 63 characters. */
    private static final Pattern NAME_PART = Pattern.compile("[a-z0-9]([-a-z0-9]{0,18}[a-z0-9])?");
    /** PyqlConfig's database-name rule (the replica's MySQL schema name is derived from the cluster name). */
    private static final Pattern DB_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    private static final Pattern TABLES = Pattern.compile("(?i)ALL|[A-Za-z_][A-Za-z0-9_]*(,[A-Za-z_][A-Za-z0-9_]*)*");
    private static final Pattern SVC = Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?");

    public EndpointSpec {
        clusterId = lower(clusterId);
        tag = lower(tag);
        dbType = lower(dbType);
        require(NAME_PART.matcher(clusterId).matches(), "--clusterid", clusterId,
                "lower-case letters, digits and '-', at most 20 characters");
        require(NAME_PART.matcher(tag).matches(), "--tag", tag, "lower-case letters, digits and '-', at most 20 characters");
        require(TABLES.matcher(tables).matches(), "--tables", tables, "ALL or a comma list of table names");
        require(!databases.isEmpty(), "--databases", "", "at least one database name");
        for (String db : databases) {
            require(DB_NAME.matcher(db).matches(), "--databases", db, "database names match " + DB_NAME.pattern());
        }
        require(dbType.equals("mysql") || dbType.equals("sqlite"), "--dbtype", dbType, "mysql or sqlite");
        require(CLUSTER_NAME.matcher(clusterName).matches(), "--clustername", clusterName,
                "letters, digits, '_', '.', '-'");
        require(port > 0 && port < 65536, "--port", Integer.toString(port), "1..65535");
        require(dbPort > 0 && dbPort < 65536, "--dbport", Integer.toString(dbPort), "1..65535");
        require(SVC.matcher(clusterSvc).matches(), "--pyqlclustersvc", clusterSvc, "host or host:port");
        require(!joinToken.isBlank(), "--token", "", "the join token of the data cluster's owner");
        require(!dbUser.isBlank(), "--dbuser", "", "a database user");
        require(!dbHost.isBlank() || dbType.equals("sqlite"), "--dbhost", "", "the database host");
        databases = List.copyOf(databases);
    }

    /** The replica pods' own MySQL schema (the original's {@code pyql_rest_<clustername>_replica}). */
    public String replicaDatabase() {
        String name = "pyql_rest_" + clusterName.replaceAll("[^A-Za-z0-9_]", "_") + "_replica";
        require(DB_NAME.matcher(name).matches(), "--clustername", clusterName, "a name giving a valid schema " + name);
        return name;
    }

    private static String lower(String s) {
        return s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    }

    private static void require(boolean ok, String option, String value, String expected) {
        if (!ok) throw new IllegalArgumentException(option + " '" + value + "': expected " + expected);
    }
}
