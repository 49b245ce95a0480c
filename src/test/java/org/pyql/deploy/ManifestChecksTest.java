package org.pyql.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pyql.config.ClusterSettings;

/**
 * Checks every manifest under {@code k8s/} and every object the generators make, without a Kubernetes cluster: the
 * objects refer to each other consistently and to what the application really has (routes, configuration variables,
 * ports, Payara's Hazelcast settings).
 */
class ManifestChecksTest {
    /** The official MySQL image's variables (the replicas' sidecar). */
    static final Set<String> MYSQL_IMAGE_VARS = Set.of("MYSQL_ROOT_PASSWORD", "MYSQL_DATABASE", "MYSQL_USER",
            "MYSQL_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD", "MYSQL_ROOT_HOST");

    static boolean isPyql(Container c) {
        return c.getImage().startsWith("pyql-cluster:");
    }

    static List<Container> containers(StatefulSet s) {
        return s.getSpec().getTemplate().getSpec().getContainers();
    }

    static Map<String, String> podLabels(StatefulSet s) {
        return s.getSpec().getTemplate().getMetadata().getLabels();
    }

    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    static ContainerPort port(Container c, IntOrString ref) {
        return c.getPorts().stream().filter(p -> ref.getStrVal() != null ? ref.getStrVal().equals(p.getName())
                : ref.getIntVal().equals(p.getContainerPort())).findFirst().orElse(null);
    }

    static String where(ManifestSet set, StatefulSet s, Container c) {
        return set.sourceOf(s) + " container " + c.getName();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.pyql.deploy.ManifestSets#both")
    void statefulSetsSelectTheirPodsAndNameAnExistingService(String name, ManifestSet set) {
        assertFalse(set.all(StatefulSet.class).isEmpty());
        for (StatefulSet s : set.all(StatefulSet.class)) {
            assertTrue(selects(s.getSpec().getSelector().getMatchLabels(), podLabels(s)),
                    set.sourceOf(s) + ": selector does not match the pod labels");
            Service svc = set.named(Service.class, s.getSpec().getServiceName()).orElse(null);
            assertNotNull(svc, set.sourceOf(s) + ": serviceName " + s.getSpec().getServiceName() + " is not defined");
            assertTrue(selects(svc.getSpec().getSelector(), podLabels(s)), set.sourceOf(s) + ": its Service selects other pods");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.pyql.deploy.ManifestSets#both")
    void servicesSelectPodsThatHaveTheirTargetPorts(String name, ManifestSet set) {
        for (Service svc : set.all(Service.class)) {
            List<StatefulSet> pods = set.all(StatefulSet.class).stream()
                    .filter(s -> selects(svc.getSpec().getSelector(), podLabels(s))).toList();
            assertFalse(pods.isEmpty(), set.sourceOf(svc) + ": selects no pods");
            for (StatefulSet s : pods) {
                for (ServicePort p : svc.getSpec().getPorts()) {
                    IntOrString target = p.getTargetPort() != null ? p.getTargetPort() : new IntOrString(p.getPort());
                    assertTrue(containers(s).stream().anyMatch(c -> port(c, target) != null),
                            set.sourceOf(svc) + ": port " + p.getName() + " targets " + target + ", which "
                                    + set.sourceOf(s) + " does not expose");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.pyql.deploy.ManifestSets#both")
    void probesPointAtRealRoutesOnDeclaredPorts(String name, ManifestSet set) throws Exception {
        for (StatefulSet s : set.all(StatefulSet.class)) {
            for (Container c : containers(s)) {
                if (!isPyql(c)) {
                    assertNotNull(c.getReadinessProbe(), where(set, s, c) + ": no readiness probe");
                    continue;
                }
                for (Probe p : new Probe[] {c.getReadinessProbe(), c.getLivenessProbe(), c.getStartupProbe()}) {
                    assertNotNull(p, where(set, s, c) + ": readiness, liveness and startup probes are all needed");
                    String path = p.getHttpGet().getPath();
                    assertTrue(AppKnowledge.isRoute(path), where(set, s, c) + ": probe path " + path + " is no route");
                    assertNotNull(port(c, p.getHttpGet().getPort()), where(set, s, c) + ": probe port not declared");
                }
                assertNotNull(c.getLifecycle().getPreStop(), where(set, s, c) + ": no preStop");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.pyql.deploy.ManifestSets#both")
    void everyContainerHasRequestsAndAMemoryLimitAboveItsHeap(String name, ManifestSet set) {
        for (StatefulSet s : set.all(StatefulSet.class)) {
            for (Container c : containers(s)) {
                var r = c.getResources();
                assertNotNull(r.getRequests().get("cpu"), where(set, s, c));
                Quantity request = r.getRequests().get("memory");
                Quantity limit = r.getLimits().get("memory");
                assertNotNull(request, where(set, s, c));
                assertNotNull(limit, where(set, s, c));
                assertTrue(request.getNumericalAmount().compareTo(limit.getNumericalAmount()) <= 0, where(set, s, c));
                if (!isPyql(c)) continue;
                String flags = set.environment(c, where(set, s, c)).getOrDefault("PYQL_JVM_FLAGS", "-Xmx512m");
                String xmx = flags.replaceAll(".*-Xmx(\\d+[kmgKMG]).*", "$1");
                Quantity heap = new Quantity(xmx.replaceAll("[mM]$", "Mi").replaceAll("[gG]$", "Gi").replaceAll("[kK]$", "Ki"));
                // heap plus Payara's metaspace, threads and code cache (~250 MB measured) must fit under the limit
                assertTrue(heap.getNumericalAmount().add(new Quantity("256Mi").getNumericalAmount())
                        .compareTo(limit.getNumericalAmount()) <= 0, where(set, s, c) + ": heap " + xmx + " vs limit " + limit);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.pyql.deploy.ManifestSets#both")
    void portsAgreeWithTheConfiguration(String name, ManifestSet set) throws Exception {
        Map<String, String> hz = AppKnowledge.hazelcastKubernetes();
        for (StatefulSet s : set.all(StatefulSet.class)) {
            for (Container c : containers(s)) {
                if (!isPyql(c)) continue;
                Map<String, String> env = set.environment(c, where(set, s, c));
                ContainerPort http = port(c, new IntOrString("http"));
                assertNotNull(http, where(set, s, c) + ": no port named http");
                assertEquals(env.get("PYQL_PORT"), Integer.toString(http.getContainerPort()),
                        where(set, s, c) + ": PYQL_PORT is not the http containerPort");
                if (!"cluster".equals(env.get("PYQL_ROLE"))) continue;
                ClusterSettings cs = AppKnowledge.clusterSettings(env);
                assertEquals(ClusterSettings.Discovery.KUBERNETES, cs.discovery(), where(set, s, c));
                assertEquals(3, cs.cpMemberCount(), where(set, s, c) + ": CP needs 3 members from the first pod on");
                ContainerPort hzPort = port(c, new IntOrString("hazelcast"));
                assertNotNull(hzPort, where(set, s, c));
                assertEquals(cs.hzPort(), hzPort.getContainerPort(), where(set, s, c) + ": PYQL_HZ_PORT");
                // Payara's member listens on ${pyql.hz.port} and looks up ${pyql.hz.k8s-service-dns}
                assertEquals("${pyql.hz.port}", hz.get("<port>"));
                assertEquals("${pyql.hz.k8s-service-dns}", hz.get("<service-dns>"));
                assertEquals(Integer.toString(cs.hzPort()), cs.hazelcastProperties().getProperty("pyql.hz.port"));
                String headless = cs.k8sServiceDns().split("\\.")[0];
                Service svc = set.named(Service.class, headless).orElse(null);
                assertNotNull(svc, where(set, s, c) + ": PYQL_K8S_SERVICE_DNS names no Service of this set");
                assertEquals("None", svc.getSpec().getClusterIP(), headless + " must be headless");
                assertEquals(Boolean.TRUE, svc.getSpec().getPublishNotReadyAddresses(),
                        headless + ": a starting member must find its peers before it is ready");
                assertTrue(selects(svc.getSpec().getSelector(), podLabels(s)), headless + " does not select the pods");
                assertTrue(svc.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == cs.hzPort()), headless);
                // the graceful leave fits into the termination grace period
                long grace = s.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
                long hzWait = Long.parseLong(hz.get("hazelcast.graceful.shutdown.max.wait"));
                long preStop = Long.parseLong(String.join(" ", c.getLifecycle().getPreStop().getExec().getCommand())
                        .replaceAll(".*sleep (\\d+).*", "$1"));
                long handOver = org.pyql.cluster.write.Sequencers.HAND_OVER_MILLIS / 1000;
                assertTrue(grace >= preStop + handOver + hzWait + 5, where(set, s, c) + ": grace " + grace + " < preStop "
                        + preStop + " + the tables' hand-over " + handOver + " + Hazelcast's graceful wait " + hzWait
                        + " + 5 for Payara's stop");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.pyql.deploy.ManifestSets#both")
    void everyVariableAContainerGetsIsOneItReads(String name, ManifestSet set) throws Exception {
        Set<String> scripts = AppKnowledge.scriptsRead();
        for (StatefulSet s : set.all(StatefulSet.class)) {
            for (Container c : containers(s)) {
                Map<String, String> env = set.environment(c, where(set, s, c));
                Set<String> known = new HashSet<>();
                if (isPyql(c)) {
                    known.addAll(AppKnowledge.configRead(env));   // also: the configuration classes accept the values
                    known.addAll(scripts);
                } else {
                    known.addAll(MYSQL_IMAGE_VARS);
                }
                Set<String> unknown = new TreeSet<>(env.keySet());
                unknown.removeAll(known);
                assertEquals(Set.of(), unknown, where(set, s, c) + ": variables nothing reads (typo?)");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.pyql.deploy.ManifestSets#both")
    void claimsFindEnoughVolumesOfTheirStorageClass(String name, ManifestSet set) {
        Map<String, Integer> needed = new java.util.HashMap<>();
        Set<String> counted = new HashSet<>();   // init and join variants of one StatefulSet claim the same volumes
        for (StatefulSet s : set.all(StatefulSet.class)) {
            Set<String> mountable = s.getSpec().getVolumeClaimTemplates().stream().map(v -> v.getMetadata().getName())
                    .collect(Collectors.toSet());
            for (Container c : containers(s)) {
                c.getVolumeMounts().forEach(m -> assertTrue(mountable.contains(m.getName()),
                        where(set, s, c) + ": mounts " + m.getName() + ", which is no claim template"));
            }
            for (PersistentVolumeClaim claim : s.getSpec().getVolumeClaimTemplates()) {
                String sc = claim.getSpec().getStorageClassName();
                Quantity want = claim.getSpec().getResources().getRequests().get("storage");
                List<PersistentVolume> fitting = set.all(PersistentVolume.class).stream()
                        .filter(pv -> sc.equals(pv.getSpec().getStorageClassName()))
                        .filter(pv -> pv.getSpec().getAccessModes().containsAll(claim.getSpec().getAccessModes()))
                        .filter(pv -> pv.getSpec().getCapacity().get("storage").getNumericalAmount()
                                .compareTo(want.getNumericalAmount()) >= 0).toList();
                assertFalse(fitting.isEmpty(), set.sourceOf(s) + ": no PV of storage class " + sc + " fits " + claim.getMetadata().getName());
                if (counted.add(s.getMetadata().getName() + "/" + claim.getMetadata().getName())) {
                    needed.merge(sc, s.getSpec().getReplicas(), Integer::sum);
                }
            }
        }
        needed.forEach((sc, n) -> assertTrue(set.all(PersistentVolume.class).stream()
                .filter(pv -> sc.equals(pv.getSpec().getStorageClassName())).count() >= n,
                "storage class " + sc + " needs " + n + " volumes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.pyql.deploy.ManifestSets#both")
    void secretsDecodeAndEveryPodRunsAsNonRoot(String name, ManifestSet set) {
        assertFalse(set.all(Secret.class).isEmpty());
        for (Secret s : set.all(Secret.class)) {
            assertNotNull(s.getData(), set.sourceOf(s));
            s.getData().forEach((k, v) -> assertFalse(ManifestSet.decode(v, set.sourceOf(s) + " " + k).isEmpty(), k));
        }
        for (StatefulSet s : set.all(StatefulSet.class)) {
            var pod = s.getSpec().getTemplate().getSpec().getSecurityContext();
            for (Container c : containers(s)) {
                var sc = c.getSecurityContext();
                Boolean nonRoot = sc != null && sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : pod.getRunAsNonRoot();
                Long uid = sc != null && sc.getRunAsUser() != null ? sc.getRunAsUser() : pod.getRunAsUser();
                assertEquals(Boolean.TRUE, nonRoot, where(set, s, c));
                assertTrue(uid != null && uid > 0, where(set, s, c) + ": numeric non-root uid");
                if (isPyql(c)) assertEquals(EndpointManifests.IMAGE_UID, uid, where(set, s, c) + ": the image's uid");
            }
        }
    }
}
