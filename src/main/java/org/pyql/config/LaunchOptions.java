package org.pyql.config;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The one place that turns a node's {@code PYQL_*} environment into the options of its Payara Micro process, so that
 * {@code scripts/node-env.sh} (scripts/run, scripts/local-cluster, the container) and the e2e harness launch nodes
 * exactly as {@link ClusterSettings} configures the node from inside. Run it as a program:
 * <pre>java -cp target/classes org.pyql.config.LaunchOptions</pre>
 * It prints one {@code kind=value} line per option, which the callers read line by line:
 * <ul>
 *   <li>{@code jvm=-D...}: a JVM option (the {@code pyql.hz.*} variables of {@code payara/hazelcast*.xml});</li>
 *   <li>{@code payara=...}: a Payara Micro argument ({@code --hzconfigfile}, its file relative to the repository
 *       root, or {@code --nohazelcast} for a data endpoint);</li>
 *   <li>{@code export=NAME=value}: a resolved value the node must see too (a generated standalone cluster name, the
 *       CP member count).</li>
 * </ul>
 * Invalid settings print {@code pyql: <reason>} on stderr and exit with status 3, the status of a node that refuses
 * its configuration (see {@code NodeStartup}).
 */
public final class LaunchOptions {
    private LaunchOptions() {
    }

    /** The option lines for a node whose environment is {@code env} (blank values count as unset). */
    public static List<String> lines(Function<String, String> env) {
        String roleName = env.apply("PYQL_ROLE");
        NodeRole role = roleName == null ? NodeRole.STANDALONE : NodeRole.parse(roleName);
        List<String> out = new ArrayList<>();
        if (role == NodeRole.ENDPOINT) {
            out.add("payara=--nohazelcast");   // a data endpoint does not join the Hazelcast cluster
            return out;
        }
        ClusterSettings s = ClusterSettings.from(role, env);
        // Payara's own CP promotion and reset race with the application's (org.pyql.coordination.CpHealPlan), which
        // owns CP membership
        out.add("jvm=-Dhazelcast.cp-subsystem.auto-promote=false");
        Map<String, String> sorted = new TreeMap<>();
        s.hazelcastProperties().forEach((k, v) -> sorted.put((String) k, (String) v));
        sorted.forEach((k, v) -> out.add("jvm=-D" + k + "=" + v));
        out.add("payara=--hzconfigfile");
        out.add("payara=payara/" + (s.discovery() == ClusterSettings.Discovery.KUBERNETES
                ? "hazelcast-kubernetes.xml" : "hazelcast.xml"));
        out.add("export=PYQL_CLUSTER_NAME=" + s.clusterName());
        out.add("export=PYQL_CP_MEMBER_COUNT=" + s.cpMemberCount());
        return out;
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        try {
            for (String line : lines(name -> {
                String v = System.getenv(name);
                return v == null || v.isBlank() ? null : v;
            })) {
                out.println(line);
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println("pyql: " + e.getMessage());
            System.exit(3);
        }
    }
}
