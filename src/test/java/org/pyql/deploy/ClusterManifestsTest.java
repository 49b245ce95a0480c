package org.pyql.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cluster's own manifests (k8s/): quorum-keeping policies, the bootstrap/steady-state pair, the image. */
class ClusterManifestsTest {
    static ManifestSet set;

    @BeforeAll
    static void load() throws Exception {
        set = ManifestSets.k8s();
    }

    static StatefulSet statefulSet(String file) {
        return set.all(StatefulSet.class).stream().filter(s -> set.sourceOf(s).startsWith(file)).findFirst().orElseThrow();
    }

    @Test
    void disruptionBudgetKeepsQuorumAndSelectsTheClusterPods() {
        PodDisruptionBudget pdb = set.named(PodDisruptionBudget.class, "pyql-cluster-pdb").orElseThrow();
        assertEquals(1, pdb.getSpec().getMaxUnavailable().getIntVal());
        StatefulSet s = statefulSet("init/pyql-cluster-statefulSetInit.yaml");
        assertTrue(ManifestChecksTest.selects(pdb.getSpec().getSelector().getMatchLabels(), ManifestChecksTest.podLabels(s)));
        assertTrue(s.getSpec().getReplicas() >= 3, "one unavailable of 3 leaves the CP majority of 2");
    }

    @Test
    void onlyClusterPodsReachTheHazelcastPort() {
        NetworkPolicy np = set.named(NetworkPolicy.class, "pyql-cluster-hazelcast").orElseThrow();
        StatefulSet s = statefulSet("init/pyql-cluster-statefulSetInit.yaml");
        Map<String, String> labels = ManifestChecksTest.podLabels(s);
        assertTrue(ManifestChecksTest.selects(np.getSpec().getPodSelector().getMatchLabels(), labels));
        assertEquals(List.of("Ingress"), np.getSpec().getPolicyTypes());
        int hz = AppKnowledge.clusterSettings(set.environment(s.getSpec().getTemplate().getSpec().getContainers().get(0), "init"))
                .hzPort();
        for (NetworkPolicyIngressRule rule : np.getSpec().getIngress()) {
            assertTrue(rule.getPorts() != null && !rule.getPorts().isEmpty(), "a rule without ports opens every port");
            boolean opensHz = rule.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == hz);
            if (!opensHz) continue;
            assertEquals(1, rule.getFrom().size(), "the Hazelcast port: cluster pods only");
            var peer = rule.getFrom().get(0);
            assertTrue(peer.getNamespaceSelector() == null && peer.getIpBlock() == null);
            assertEquals(labels.get("app"), peer.getPodSelector().getMatchLabels().get("app"));
        }
        assertTrue(np.getSpec().getIngress().stream().anyMatch(r -> r.getFrom() == null || r.getFrom().isEmpty()),
                "HTTP stays open to clients and data endpoints");
    }

    /** Applying the steady-state file changes only the action (and adds the join token): nothing else may drift. */
    @Test
    void initAndJoinStatefulSetsDifferOnlyInTheJoinSettings() {
        KubernetesSerialization yaml = new KubernetesSerialization();
        StatefulSet init = yaml.clone(statefulSet("init/pyql-cluster-statefulSetInit.yaml"));
        StatefulSet join = yaml.clone(statefulSet("pyql-cluster-statefulSet.yaml"));
        Container ci = init.getSpec().getTemplate().getSpec().getContainers().get(0);
        Container cj = join.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("init", value(ci, "PYQL_CLUSTER_ACTION"));
        assertEquals("join", value(cj, "PYQL_CLUSTER_ACTION"));
        assertEquals("pyql-cluster-join-token",
                cj.getEnv().stream().filter(e -> e.getName().equals("PYQL_CLUSTER_JOIN_TOKEN")).findFirst().orElseThrow()
                        .getValueFrom().getSecretKeyRef().getName());
        ci.getEnv().removeIf(e -> e.getName().startsWith("PYQL_CLUSTER_"));
        cj.getEnv().removeIf(e -> e.getName().startsWith("PYQL_CLUSTER_"));
        assertEquals(yaml.asYaml(init), yaml.asYaml(join));
    }

    private static String value(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse(null);
    }

    @Test
    void imageRunsAsTheManifestsUserWithAHealthCheckOnARealRoute() throws Exception {
        String docker = Files.readString(Path.of("k8s/Dockerfile"));
        Matcher user = Pattern.compile("(?m)^USER (\\d+)(?::(\\d+))?\\s*$").matcher(docker);
        assertTrue(user.find(), "a numeric USER (runAsNonRoot can only check a numeric one)");
        assertEquals(EndpointManifests.IMAGE_UID, Long.parseLong(user.group(1)));
        StatefulSet s = statefulSet("init/pyql-cluster-statefulSetInit.yaml");
        assertEquals(EndpointManifests.IMAGE_UID, s.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser());
        Matcher health = Pattern.compile("(?m)^HEALTHCHECK .*(?:\\\\\\n.*)*GET (/\\S+) HTTP").matcher(docker);
        assertTrue(health.find(), "a HEALTHCHECK doing an HTTP GET");
        assertTrue(AppKnowledge.isRoute(health.group(1)), health.group(1) + " is a route");
        ConfigMap config = set.named(ConfigMap.class, "pyql-cluster-config").orElseThrow();
        Matcher expose = Pattern.compile("(?m)^EXPOSE (.*)$").matcher(docker);
        assertTrue(expose.find());
        List<String> exposed = List.of(expose.group(1).trim().split("\\s+"));
        assertTrue(exposed.contains(config.getData().get("PYQL_PORT")), "EXPOSE " + exposed);
        assertTrue(exposed.contains(config.getData().get("PYQL_HZ_PORT")), "EXPOSE " + exposed);
        Matcher dataDir = Pattern.compile("PYQL_DATA_DIR=(\\S+)").matcher(docker);
        assertTrue(dataDir.find());
        assertEquals(dataDir.group(1), s.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts().get(0)
                .getMountPath(), "the volume holds the data directory");
        assertEquals(EndpointManifests.DATA_DIR, dataDir.group(1));
    }

    /** fabric8 and picocli are deployment tooling: the application never imports them (they are not in the WAR). */
    @Test
    void applicationSourcesDoNotUseTheDeploymentLibraries() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                assertTrue(!text.contains("import io.fabric8") && !text.contains("import picocli")
                        && !text.contains("org.pyql.deploy"), f + " uses the deployment tooling");
            }
        }
        assertNotNull(EndpointManifests.class.getPackage());
    }
}
