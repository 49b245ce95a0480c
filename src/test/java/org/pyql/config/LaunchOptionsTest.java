package org.pyql.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LaunchOptionsTest {
    private static List<String> lines(Map<String, String> env) {
        return LaunchOptions.lines(env::get);
    }

    @Test
    void threeMembersMeanThreeCpMembersAndSplitBrainProtection() {
        List<String> l = lines(Map.of("PYQL_ROLE", "cluster", "PYQL_CLUSTER_MEMBERS", "a:1,b:2,c:3"));
        assertTrue(l.contains("jvm=-Dpyql.hz.cp-member-count=3"), l.toString());
        assertTrue(l.contains("jvm=-Dpyql.hz.majority=2"), l.toString());
        assertTrue(l.contains("jvm=-Dpyql.hz.split-brain-protection=true"), l.toString());
        assertTrue(l.contains("jvm=-Dhazelcast.cp-subsystem.auto-promote=false"), l.toString());
        assertTrue(l.containsAll(List.of("payara=--hzconfigfile", "payara=payara/hazelcast.xml")), l.toString());
        assertTrue(l.contains("export=PYQL_CLUSTER_NAME=pyql"), l.toString());
        assertTrue(l.contains("export=PYQL_CP_MEMBER_COUNT=3"), l.toString());
    }

    @Test
    void everyHazelcastPropertyOfClusterSettingsIsPassed() {
        Map<String, String> env = Map.of("PYQL_ROLE", "cluster", "PYQL_HZ_PORT", "5801");
        List<String> l = lines(env);
        ClusterSettings.from(NodeRole.CLUSTER, env::get).hazelcastProperties()
                .forEach((k, v) -> assertTrue(l.contains("jvm=-D" + k + "=" + v), k + " missing in " + l));
    }

    @Test
    void aStandaloneNodeGetsAFreshClusterNameAndUnsafeMode() {
        List<String> l = lines(Map.of());
        assertTrue(l.stream().anyMatch(x -> x.startsWith("export=PYQL_CLUSTER_NAME=pyql-standalone-")), l.toString());
        assertTrue(l.contains("export=PYQL_CP_MEMBER_COUNT=0"), l.toString());
        assertTrue(l.contains("jvm=-Dpyql.hz.port-auto-increment=true"), l.toString());
    }

    @Test
    void kubernetesDiscoveryUsesItsOwnFile() {
        List<String> l = lines(Map.of("PYQL_ROLE", "cluster", "PYQL_CLUSTER_DISCOVERY", "kubernetes"));
        assertTrue(l.contains("payara=payara/hazelcast-kubernetes.xml"), l.toString());
    }

    @Test
    void anEndpointRunsWithoutHazelcast() {
        assertEquals(List.of("payara=--nohazelcast"), lines(Map.of("PYQL_ROLE", "endpoint")));
    }

    @Test
    void invalidSettingsAreRefusedWithTheReason() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> lines(Map.of("PYQL_ROLE", "cluster", "PYQL_CP_MEMBER_COUNT", "2")));
        assertTrue(e.getMessage().contains("PYQL_CP_MEMBER_COUNT"), e.getMessage());
    }
}
