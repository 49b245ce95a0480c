package org.pyql.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.hazelcast.config.Config;
import com.hazelcast.config.cp.CPSubsystemConfig;

import org.pyql.config.ClusterSettings;
import org.pyql.config.NodeRole;

/** The packaged Hazelcast XML with the node's variables: what both Payara's and the embedded member run with. */
class HazelcastConfigTest {

    private static ClusterSettings settings(NodeRole role, Map<String, String> env) {
        return ClusterSettings.from(role, env::get);
    }

    @Test
    void threeNodeClusterGetsCpWithThreeMembersAndShortTimeouts() {
        ClusterSettings s = settings(NodeRole.CLUSTER, Map.of("PYQL_CLUSTER_MEMBERS", "127.0.0.1:5900,127.0.0.1:5901,127.0.0.1:5902",
                "PYQL_HZ_PORT", "5901", "PYQL_CLUSTER_NAME", "demo"));
        assertEquals(3, s.cpMemberCount());
        assertEquals(ClusterSettings.Action.JOIN, s.action());
        Config c = HazelcastProvider.embeddedConfig(s);
        assertEquals("demo", c.getClusterName());
        assertEquals(5901, c.getNetworkConfig().getPort());
        assertFalse(c.getNetworkConfig().isPortAutoIncrement());
        assertEquals("false", c.getProperty("hazelcast.socket.bind.any"));
        assertEquals("20", c.getProperty("hazelcast.invocation.max.retry.count"));
        assertFalse(c.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
        assertFalse(c.getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled());
        assertTrue(c.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
        assertEquals(3, c.getNetworkConfig().getJoin().getTcpIpConfig().getMembers().size());
        assertTrue(c.getNetworkConfig().getInterfaces().isEnabled());
        assertTrue(c.getNetworkConfig().getInterfaces().getInterfaces().contains("127.0.0.1"));
        CPSubsystemConfig cp = c.getCPSubsystemConfig();
        assertEquals(3, cp.getCPMemberCount());
        // Hazelcast never removes a member that may only be cut off (the application decides, CpHealPlan)
        assertEquals(14400, cp.getMissingCPMemberAutoRemovalSeconds());
        // partitions: a silent member is dropped after 5 s, a healed split merges within seconds (DESIGN.md)
        assertEquals("1", c.getProperty("hazelcast.heartbeat.interval.seconds"));
        assertEquals("5", c.getProperty("hazelcast.max.no.heartbeat.seconds"));
        assertEquals("10", c.getProperty("hazelcast.merge.first.run.delay.seconds"));
        assertEquals("5", c.getProperty("hazelcast.merge.next.run.delay.seconds"));
        assertEquals(10, cp.getSessionTimeToLiveSeconds());
        assertTrue(c.getSplitBrainProtectionConfig("pyql-majority").isEnabled());
        assertEquals(2, c.getSplitBrainProtectionConfig("pyql-majority").getMinimumClusterSize());
        assertEquals(6, c.getMapConfig("pyql.state.nodes").getBackupCount());
        assertEquals("pyql-majority", c.getMapConfig("pyql.state.jobs").getSplitBrainProtectionName());
    }

    @Test
    void standaloneRunsUnsafeAloneOnAnyFreePort() {
        ClusterSettings s = settings(NodeRole.STANDALONE, Map.of());
        assertEquals(0, s.cpMemberCount());
        assertEquals(ClusterSettings.Action.INIT, s.action());
        assertTrue(s.clusterName().startsWith("pyql-standalone-"), s.clusterName());
        Config c = HazelcastProvider.embeddedConfig(s);
        assertEquals(0, c.getCPSubsystemConfig().getCPMemberCount());
        assertTrue(c.getNetworkConfig().isPortAutoIncrement());
        assertFalse(c.getSplitBrainProtectionConfig("pyql-majority").isEnabled());
    }

    @Test
    void anEmbeddedMemberStartsWithIt() {
        ClusterSettings s = settings(NodeRole.STANDALONE, Map.of("PYQL_HZ_PORT", "5790"));
        Config c = HazelcastProvider.embeddedConfig(s);
        c.setInstanceName("config-test-" + System.nanoTime());
        var hz = com.hazelcast.core.Hazelcast.newHazelcastInstance(c);
        try {
            hz.getMap("pyql.state.nodes").put("k", "v");
            assertEquals("v", hz.getMap("pyql.state.nodes").get("k"));
            assertEquals(1, hz.getCluster().getMembers().size());
        } finally {
            hz.shutdown();
        }
    }

    @Test
    void twoMembersAreUnsafeUnlessToldOtherwise() {
        assertEquals(0, settings(NodeRole.CLUSTER, Map.of("PYQL_CLUSTER_MEMBERS", "a:1,b:2")).cpMemberCount());
        assertEquals(5, settings(NodeRole.CLUSTER, Map.of("PYQL_CLUSTER_MEMBERS", "a:1,b:2", "PYQL_CP_MEMBER_COUNT", "5"))
                .cpMemberCount());
        assertEquals(3, settings(NodeRole.CLUSTER, Map.of("PYQL_CLUSTER_DISCOVERY", "kubernetes")).cpMemberCount());
        assertThrows(IllegalStateException.class,
                () -> settings(NodeRole.CLUSTER, Map.of("PYQL_CP_MEMBER_COUNT", "2")));
        assertThrows(IllegalStateException.class,
                () -> settings(NodeRole.CLUSTER, Map.of("PYQL_CLUSTER_ACTION", "bootstrap")));
    }

    @Test
    void kubernetesDiscoveryUsesTheServiceDns() {
        ClusterSettings s = settings(NodeRole.CLUSTER, Map.of("PYQL_CLUSTER_DISCOVERY", "kubernetes",
                "PYQL_K8S_SERVICE_DNS", "pyql-cluster.default.svc.cluster.local", "PYQL_HZ_INTERFACE", "10.1.2.3"));
        Config c = HazelcastProvider.embeddedConfig(s);
        assertTrue(c.getNetworkConfig().getJoin().getKubernetesConfig().isEnabled());
        assertEquals("pyql-cluster.default.svc.cluster.local",
                c.getNetworkConfig().getJoin().getKubernetesConfig().getProperty("service-dns"));
        assertFalse(c.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
        assertFalse(c.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
    }

    /** payara/ holds real copies (a symlink would break in a container image); they must not drift. */
    @Test
    void payaraFilesAreTheClasspathFiles() throws java.io.IOException {
        for (String[] pair : new String[][] {{"payara/hazelcast.xml", "org/pyql/coordination/hazelcast-cluster.xml"},
                {"payara/hazelcast-kubernetes.xml", "org/pyql/coordination/hazelcast-kubernetes.xml"}}) {
            String file = java.nio.file.Files.readString(java.nio.file.Path.of(pair[0]));
            try (var in = getClass().getClassLoader().getResourceAsStream(pair[1])) {
                assertEquals(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), file,
                        pair[0] + " differs from src/main/resources/" + pair[1] + "; copy one over the other");
            }
        }
    }

    @Test
    void theJoinTokenIsNotPrinted() {
        ClusterSettings s = settings(NodeRole.CLUSTER, Map.of("PYQL_CLUSTER_JOIN_TOKEN", "secret-token"));
        assertFalse(s.toString().contains("secret-token"));
    }
}
