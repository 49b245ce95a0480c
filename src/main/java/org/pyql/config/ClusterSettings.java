package org.pyql.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;

/**
 * How a cluster (or standalone) node takes part in the Hazelcast cluster. Read like {@link PyqlConfig} (system property,
 * then environment). The same values reach Payara's own Hazelcast instance as {@code -Dpyql.hz.*} system properties
 * substituted into {@code hazelcast-cluster.xml} (printed by {@link LaunchOptions} for {@code scripts/node-env.sh}); {@link #hazelcastProperties()}
 * gives exactly those properties, so the embedded instance (Tomcat, or Payara started with {@code --nohazelcast}) is
 * configured from the very same file.
 *
 * <ul>
 *   <li>{@code PYQL_CLUSTER_NAME}: Hazelcast cluster name, one per deployment (default {@code pyql}; a standalone node
 *       without members gets a random one so it can never join anything).</li>
 *   <li>{@code PYQL_CLUSTER_ACTION}: {@code init} (bootstrap a new cluster) or {@code join} (default for role cluster;
 *       needs {@code PYQL_CLUSTER_JOIN_TOKEN}). A node whose data directory says it already belongs to the cluster
 *       rejoins without a token.</li>
 *   <li>{@code PYQL_CLUSTER_DISCOVERY}: {@code tcpip} (default: the explicit {@code PYQL_CLUSTER_MEMBERS} list) or
 *       {@code kubernetes} (DNS lookup of {@code PYQL_K8S_SERVICE_DNS}). Multicast is never used.</li>
 *   <li>{@code PYQL_CLUSTER_MEMBERS}: {@code host:port,...} of the Hazelcast members (default: this node only).</li>
 *   <li>{@code PYQL_HZ_INTERFACE} (default {@code 127.0.0.1}) and {@code PYQL_HZ_PORT} (default 5701): where this
 *       member listens; Hazelcast binds to that interface only.</li>
 *   <li>{@code PYQL_CP_MEMBER_COUNT}: CP members (default 3 when 3 or more members are configured or discovery is
 *       kubernetes, else 0 = unsafe single-node mode).</li>
 *   <li>{@code PYQL_CP_MISSING_MEMBER_SECONDS} (default 30): a CP member gone that long is removed from CP when a
 *       spare member can take its seat (else it keeps the seat: it may only be cut off by a partition);
 *       {@code PYQL_CP_SESSION_TTL_SECONDS} (default 10): CP session (lock) lifetime without heartbeats.</li>
 *   <li>{@code PYQL_NODE_EVICT_SECONDS} (default 600, 0 = never): a registered node missing that long is removed from
 *       the node registry (and so from the quorum document's missing list).</li>
 * </ul>
 */
public record ClusterSettings(String clusterName, Action action, String joinToken, Discovery discovery,
                              List<String> members, String hzInterface, int hzPort, int cpMemberCount,
                              int cpMissingMemberSeconds, int cpSessionTtlSeconds, int nodeEvictSeconds,
                              String k8sServiceDns) {

    public enum Action { INIT, JOIN }

    public enum Discovery { TCPIP, KUBERNETES }

    public static ClusterSettings load(NodeRole role) {
        return from(role, name -> {
            String v = System.getProperty(name);
            return v != null ? v : System.getenv(name);
        });
    }

    public static ClusterSettings from(NodeRole role, Function<String, String> source) {
        Function<String, String> get = n -> {
            String v = source.apply(n);
            return v == null || v.isBlank() ? null : v.trim();
        };
        String iface = or(get.apply("PYQL_HZ_INTERFACE"), "127.0.0.1");
        int hzPort = intValue(get, "PYQL_HZ_PORT", 5701, 1, 65535);
        Discovery discovery = parse(Discovery.class, "PYQL_CLUSTER_DISCOVERY", or(get.apply("PYQL_CLUSTER_DISCOVERY"), "tcpip"));
        List<String> members = new ArrayList<>();
        String list = get.apply("PYQL_CLUSTER_MEMBERS");
        if (list != null) {
            for (String m : list.split(",")) {
                if (!m.isBlank()) members.add(m.trim());
            }
        }
        if (members.isEmpty()) members.add(iface + ":" + hzPort);
        String name = get.apply("PYQL_CLUSTER_NAME");
        if (name == null) {
            name = role == NodeRole.STANDALONE && list == null && discovery == Discovery.TCPIP
                    ? "pyql-standalone-" + UUID.randomUUID() : "pyql";
        }
        Action action = parse(Action.class, "PYQL_CLUSTER_ACTION",
                or(get.apply("PYQL_CLUSTER_ACTION"), role == NodeRole.STANDALONE ? "init" : "join"));
        int defaultCp = discovery == Discovery.KUBERNETES || members.size() >= 3 ? 3 : 0;
        int cp = intValue(get, "PYQL_CP_MEMBER_COUNT", defaultCp, 0, 7);
        if (cp == 1 || cp == 2) {
            throw new IllegalStateException("PYQL_CP_MEMBER_COUNT must be 0 (unsafe single-node mode) or 3..7, not " + cp);
        }
        int missing = intValue(get, "PYQL_CP_MISSING_MEMBER_SECONDS", 30, 1, 14400);
        int ttl = intValue(get, "PYQL_CP_SESSION_TTL_SECONDS", 10, 3, 3600);
        if (ttl > missing) {
            throw new IllegalStateException("PYQL_CP_SESSION_TTL_SECONDS (" + ttl
                    + ") must not exceed PYQL_CP_MISSING_MEMBER_SECONDS (" + missing + ")");
        }
        int evict = intValue(get, "PYQL_NODE_EVICT_SECONDS", 600, 0, Integer.MAX_VALUE);
        return new ClusterSettings(name, action, get.apply("PYQL_CLUSTER_JOIN_TOKEN"), discovery, List.copyOf(members),
                iface, hzPort, cp, missing, ttl, evict, or(get.apply("PYQL_K8S_SERVICE_DNS"), "pyql-cluster"));
    }

    /** CP majority is needed (CP member count above 0). */
    public boolean cpEnabled() {
        return cpMemberCount > 0;
    }

    /**
     * Only a standalone node with no peers may move to the next free Hazelcast port (two of them on one machine must not
     * fail to start); members of a real cluster listen exactly where the member list says.
     */
    public boolean portAutoIncrement() {
        return clusterName.startsWith("pyql-standalone-");
    }

    /** The classpath resource (and {@code payara/} file) with the Hazelcast configuration for this discovery mode. */
    public String hazelcastConfigResource() {
        return discovery == Discovery.KUBERNETES ? "org/pyql/coordination/hazelcast-kubernetes.xml"
                : "org/pyql/coordination/hazelcast-cluster.xml";
    }

    /**
     * The {@code pyql.hz.*} variables of the Hazelcast XML files. Payara's own member gets them as {@code -D} options
     * from {@link LaunchOptions}, which {@code scripts/node-env.sh} and the e2e harness run: one source for both.
     */
    public Properties hazelcastProperties() {
        Properties p = new Properties();
        p.setProperty("pyql.hz.cluster-name", clusterName);
        p.setProperty("pyql.hz.interface", hzInterface);
        p.setProperty("pyql.hz.port", Integer.toString(hzPort));
        p.setProperty("pyql.hz.port-auto-increment", Boolean.toString(portAutoIncrement()));
        p.setProperty("pyql.hz.members", String.join(",", members));
        p.setProperty("pyql.hz.cp-member-count", Integer.toString(cpMemberCount));
        p.setProperty("pyql.hz.cp-missing-member-seconds", Integer.toString(cpMissingMemberSeconds));
        p.setProperty("pyql.hz.cp-session-ttl-seconds", Integer.toString(cpSessionTtlSeconds));
        p.setProperty("pyql.hz.majority", Integer.toString(cpMemberCount == 0 ? 2 : cpMemberCount / 2 + 1));
        p.setProperty("pyql.hz.split-brain-protection", Boolean.toString(cpMemberCount > 0));
        p.setProperty("pyql.hz.k8s-service-dns", k8sServiceDns);
        return p;
    }

    @Override
    public String toString() {   // the join token is a secret
        return "ClusterSettings[name=" + clusterName + ", action=" + action.name().toLowerCase(Locale.ROOT)
                + ", joinToken=" + (joinToken == null ? "none" : "set") + ", discovery="
                + discovery.name().toLowerCase(Locale.ROOT) + ", members=" + members + ", interface=" + hzInterface
                + ", port=" + hzPort + ", cpMemberCount=" + cpMemberCount + "]";
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " must be one of " + List.of(type.getEnumConstants()).toString()
                    .toLowerCase(Locale.ROOT) + ", not '" + value + "'");
        }
    }

    private static int intValue(Function<String, String> get, String name, int dflt, int min, int max) {
        String v = get.apply(name);
        if (v == null) return dflt;
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) throw new NumberFormatException();
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number in " + min + ".." + max + ", not '" + v + "'");
        }
    }

    private static String or(String v, String d) {
        return v == null ? d : v;
    }
}
