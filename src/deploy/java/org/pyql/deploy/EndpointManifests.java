package org.pyql.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.SysctlBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;

/**
 * The objects of one data cluster's endpoints, named as the original generator named them (see {@code k8s/README.md}):
 * ConfigMaps and Secrets (applied at once), the seed's PersistentVolume, the seed's {@code init} and {@code join}
 * StatefulSets and the replica StatefulSet with its MySQL sidecar (written to files, applied by the operator).
 *
 * <p>Fixed against the original: Secrets hold base64 of the value (Kubernetes' {@code data}), never the value itself;
 * every ConfigMap value is a string; the containerPort is the {@code --port} the endpoint listens on (the original
 * hard-coded 80); the sidecar's MySQL files and the endpoint's state live on two volumes, not one shared claim; the
 * StatefulSets' {@code serviceName} is a Service that exists; every pod has probes and resources.
 */
public final class EndpointManifests {
    /** Where the image keeps a node's files (k8s/Dockerfile, scripts/container-entrypoint). */
    public static final String DATA_DIR = "/var/lib/pyql";
    /** The endpoints' claims without a seed of their own; scripts/generate-pvs provisions PVs of this class. */
    public static final String REPLICA_STORAGE_CLASS = "pyql-rest-pv-manual-sc";
    public static final String STORAGE = "20Gi";
    /** The numeric user of k8s/Dockerfile. */
    public static final long IMAGE_UID = 10001;
    /** The mysql user of the official MySQL image, whose entrypoint also runs without root when the volume is writable. */
    public static final long MYSQL_UID = 999;
    private static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    private static final String GENERATOR = "pyql-generate-pyql-rest";

    private final EndpointSpec s;

    public EndpointManifests(EndpointSpec spec) {
        this.s = spec;
    }

    /** Every generated object with the file it is written to; {@code null} for Secrets (never written). */
    public record Generated(HasMetadata object, String file, boolean applyNow) {
    }

    public List<Generated> all() {
        String cid = s.clusterId();
        String ct = cid + "-" + s.tag();
        List<Generated> out = new ArrayList<>();
        out.add(new Generated(clusterConfig(), "pyql-rest-cluster-config-" + ct + ".yaml", true));
        out.add(new Generated(seedDbConfig(), "pyql-rest-seed-db-config-" + ct + ".yaml", true));
        out.add(new Generated(seedPv(), "pyql-rest-seed-pv-" + ct + ".yaml", true));
        out.add(new Generated(seedSecret(), null, true));
        out.add(new Generated(replicaMysqlSecret(), null, true));
        out.add(new Generated(replicaMysqlConfig(), "pyql-rest-replica-mysql-config-" + cid + ".yaml", true));
        out.add(new Generated(replicaConfig(), "pyql-rest-replica-config-" + cid + ".yaml", true));
        out.add(new Generated(replicaSecret(), null, true));
        out.add(new Generated(service(), "pyql-rest-service-" + cid + ".yaml", true));
        out.add(new Generated(seedStatefulSet("init"), "pyql-rest-cluster-seed-ss-init-" + ct + ".yaml", false));
        out.add(new Generated(seedStatefulSet("join"), "pyql-rest-cluster-seed-ss-join-" + ct + ".yaml", false));
        out.add(new Generated(replicaStatefulSet(), "pyql-rest-replica-ss-" + cid + ".yaml", false));
        return out;
    }

    // ------------------------------------------------------------------ names

    public String clusterConfigName() { return "pyql-rest-cluster-config-" + s.clusterId(); }
    public String seedDbConfigName() { return "pyql-rest-seed-db-config-" + s.clusterId() + "-" + s.tag(); }
    public String seedSecretName() { return "pyql-rest-seed-db-secrets-" + s.clusterId() + "-" + s.tag(); }
    public String seedPvName() { return "pyql-rest-seed-pv-" + s.clusterId() + "-" + s.tag(); }
    public String seedStorageClass() { return "pyql-rest-seed-sc-" + s.clusterId() + "-" + s.tag(); }
    public String seedStatefulSetName() { return "pyql-rest-seed-ss-" + s.clusterId() + "-" + s.tag(); }
    public String replicaMysqlSecretName() { return "pyql-rest-replica-mysql-secrets-" + s.clusterId(); }
    public String replicaMysqlConfigName() { return "pyql-rest-replica-mysql-config-" + s.clusterId(); }
    public String replicaConfigName() { return "pyql-rest-replica-config-" + s.clusterId(); }
    public String replicaSecretName() { return "pyql-rest-replica-secrets-" + s.clusterId(); }
    public String replicaStatefulSetName() { return "pyql-rest-replica-ss-" + s.clusterId(); }
    public String serviceName() { return "pyql-rest-" + s.clusterId(); }

    // ------------------------------------------------------------------ ConfigMaps and Secrets

    private ConfigMap clusterConfig() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("PYQL_ROLE", "endpoint");
        data.put("PYQL_TYPE", "K8S");
        data.put("PYQL_CLUSTER_SVC", s.clusterSvc());
        data.put("PYQL_PORT", Integer.toString(s.port()));
        return configMap(clusterConfigName(), data);
    }

    private ConfigMap seedDbConfig() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("PYQL_CLUSTER_NAME", s.clusterName());
        data.put("PYQL_CLUSTER_TABLES", s.tables());
        data.put("DB_TYPE", s.dbType());
        if (s.dbType().equals("mysql")) {
            data.put("DB_NAMES", String.join(",", s.databases()));
        } else {   // SQLite files on the seed's volume (PyqlConfig: relative paths are in the data directory)
            data.put("PYQL_DATABASES", s.databases().stream().map(db -> db + "=sqlite:" + db + ".db")
                    .collect(Collectors.joining(",")));
        }
        return configMap(seedDbConfigName(), data);
    }

    private Secret seedSecret() {
        Map<String, String> data = new LinkedHashMap<>();
        if (s.dbType().equals("mysql")) {
            data.put("DB_HOST", s.dbHost());
            data.put("DB_PORT", Integer.toString(s.dbPort()));
            data.put("DB_USER", s.dbUser());
            data.put("DB_PASSWORD", s.dbPassword());
        }
        data.put("PYQL_CLUSTER_JOIN_TOKEN", s.joinToken());
        return secret(seedSecretName(), data);
    }

    private Secret replicaMysqlSecret() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("MYSQL_ROOT_PASSWORD", s.dbPassword());
        data.put("MYSQL_PASSWORD", s.dbPassword());
        return secret(replicaMysqlSecretName(), data);
    }

    private ConfigMap replicaMysqlConfig() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("MYSQL_DATABASE", s.replicaDatabase());
        data.put("MYSQL_USER", s.dbUser());
        return configMap(replicaMysqlConfigName(), data);
    }

    private ConfigMap replicaConfig() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("PYQL_CLUSTER_NAME", s.clusterName());
        data.put("PYQL_CLUSTER_TABLES", s.tables());
        data.put("DB_TYPE", "mysql");
        data.put("DB_HOST", "127.0.0.1");   // the sidecar, over TCP (Connector/J never uses the socket)
        data.put("DB_PORT", "3306");
        data.put("DB_NAMES", s.replicaDatabase());
        data.put("DB_USER", s.dbUser());
        return configMap(replicaConfigName(), data);
    }

    private Secret replicaSecret() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("DB_PASSWORD", s.dbPassword());
        data.put("PYQL_CLUSTER_JOIN_TOKEN", s.joinToken());
        return secret(replicaSecretName(), data);
    }

    // ------------------------------------------------------------------ volumes, Service, StatefulSets

    private PersistentVolume seedPv() {
        return PersistentVolumes.hostPath(seedPvName(), seedStorageClass(), STORAGE, managedLabels());
    }

    /** Headless: gives the StatefulSets' pods stable DNS names; endpoints advertise their pod IP (PYQL_HOST) anyway. */
    private Service service() {
        return new ServiceBuilder().withNewMetadata().withName(serviceName()).withLabels(managedLabels()).endMetadata()
                .withNewSpec().withClusterIP("None").withSelector(Map.of("pyql-rest-cluster-id", s.clusterId()))
                .addNewPort().withName("http").withPort(s.port()).withTargetPort(new IntOrString("http")).endPort()
                .endSpec().build();
    }

    private StatefulSet seedStatefulSet(String action) {
        String volume = "pyql-rest-seed-" + s.clusterId() + "-" + s.tag();
        Map<String, String> labels = podLabels("pyql-rest-cluster-seed-" + s.clusterId() + "-" + s.tag());
        Container rest = endpointContainer(action, List.of(clusterConfigName(), seedDbConfigName()), seedSecretName(),
                volume);
        return statefulSet(seedStatefulSetName(), 1, labels, List.of(rest), List.of(claim(volume, seedStorageClass())));
    }

    private StatefulSet replicaStatefulSet() {
        String data = "pyql-rest-replica-data-" + s.clusterId();
        String mysqlStore = "pyql-rest-replica-mysql-store-" + s.clusterId();
        Map<String, String> labels = podLabels("pyql-rest-cluster-replica-" + s.clusterId());
        Container mysql = new ContainerBuilder().withName("mysql").withImage(s.mysqlImage())
                .withEnvFrom(configMapRef(replicaMysqlConfigName()), secretRef(replicaMysqlSecretName()))
                .addNewPort().withName("mysql").withContainerPort(3306).endPort()
                .addNewVolumeMount().withName(mysqlStore).withMountPath("/var/lib/mysql").endVolumeMount()
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(MYSQL_UID).withRunAsGroup(MYSQL_UID)
                .withAllowPrivilegeEscalation(false).endSecurityContext()
                .withNewReadinessProbe().withNewTcpSocket().withPort(new IntOrString("mysql")).endTcpSocket()
                .withPeriodSeconds(5).endReadinessProbe()
                .withNewResources().addToRequests("cpu", new Quantity("250m")).addToRequests("memory", new Quantity("512Mi"))
                .addToLimits("memory", new Quantity("1Gi")).endResources()
                .build();
        Container rest = endpointContainer("join", List.of(clusterConfigName(), replicaConfigName()),
                replicaSecretName(), data);
        return statefulSet(replicaStatefulSetName(), 2, labels, List.of(mysql, rest),
                List.of(claim(data, REPLICA_STORAGE_CLASS), claim(mysqlStore, REPLICA_STORAGE_CLASS)));
    }

    private Container endpointContainer(String action, List<String> configMaps, String secret, String volume) {
        List<EnvFromSource> from = new ArrayList<>();
        configMaps.forEach(c -> from.add(configMapRef(c)));
        from.add(secretRef(secret));
        EnvVar host = new EnvVarBuilder().withName("PYQL_HOST").withNewValueFrom().withNewFieldRef()
                .withFieldPath("status.podIP").endFieldRef().endValueFrom().build();
        // readiness: GET /pyql/ready answers 503 while a database (the replicas' MySQL sidecar) does not answer
        return new ContainerBuilder().withName("pyql-rest").withImage(s.image())
                .withEnv(new EnvVar("PYQL_CLUSTER_ACTION", action, null), host)
                .withEnvFrom(from)
                .addNewPort().withName("http").withContainerPort(s.port()).endPort()
                .addNewVolumeMount().withName(volume).withMountPath(DATA_DIR).endVolumeMount()
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(IMAGE_UID).withRunAsGroup(IMAGE_UID)
                .withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .withNewReadinessProbe().withNewHttpGet().withPath("/pyql/ready").withPort(new IntOrString("http"))
                .endHttpGet().withPeriodSeconds(5).withTimeoutSeconds(3).withFailureThreshold(2).endReadinessProbe()
                .withNewStartupProbe().withNewHttpGet().withPath("/pyql/live").withPort(new IntOrString("http"))
                .endHttpGet().withPeriodSeconds(5).withFailureThreshold(36).endStartupProbe()
                .withNewLivenessProbe().withNewHttpGet().withPath("/pyql/live").withPort(new IntOrString("http"))
                .endHttpGet().withPeriodSeconds(10).withTimeoutSeconds(3).withFailureThreshold(6).endLivenessProbe()
                .withNewLifecycle().withNewPreStop().withNewExec().withCommand("sh", "-c", "sleep 5").endExec().endPreStop()
                .endLifecycle()
                .withNewResources().addToRequests("cpu", new Quantity("250m")).addToRequests("memory", new Quantity("640Mi"))
                .addToLimits("memory", new Quantity("1Gi")).endResources()
                .build();
    }

    private StatefulSet statefulSet(String name, int replicas, Map<String, String> podLabels, List<Container> containers,
                                    List<PersistentVolumeClaim> claims) {
        // the volumes are group-writable for both containers; each container says who it runs as
        PodSecurityContextBuilder security = new PodSecurityContextBuilder().withFsGroup(IMAGE_UID);
        if (s.port() < 1024) {   // the image runs as a non-root user, which may bind low ports only with this (safe) sysctl
            security.withSysctls(new SysctlBuilder().withName("net.ipv4.ip_unprivileged_port_start")
                    .withValue(Integer.toString(s.port())).build());
        }
        return new StatefulSetBuilder().withNewMetadata().withName(name).withLabels(managedLabels()).endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName(serviceName())
                .withNewSelector().addToMatchLabels("app", podLabels.get("app")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(podLabels).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(30L).withSecurityContext(security.build())
                .withContainers(containers).endSpec().endTemplate()
                .withVolumeClaimTemplates(claims)
                .endSpec().build();
    }

    private static PersistentVolumeClaim claim(String name, String storageClass) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withStorageClassName(storageClass).withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity(STORAGE)).endResources().endSpec().build();
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, String> podLabels(String app) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app", app);
        labels.put("pyql-rest-cluster-id", s.clusterId());
        labels.put("pyql-rest-cluster-name", s.clusterName());
        return labels;
    }

    private Map<String, String> managedLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("pyql-rest-cluster-id", s.clusterId());
        labels.put(MANAGED_BY, GENERATOR);
        return labels;
    }

    private ConfigMap configMap(String name, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withLabels(managedLabels()).endMetadata()
                .withData(data).build();
    }

    private Secret secret(String name, Map<String, String> values) {
        Map<String, String> data = new LinkedHashMap<>();
        values.forEach((k, v) -> data.put(k, java.util.Base64.getEncoder()
                .encodeToString(v.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        return new SecretBuilder().withNewMetadata().withName(name).withLabels(managedLabels()).endMetadata()
                .withType("Opaque").withData(data).build();
    }

    private static EnvFromSource configMapRef(String name) {
        return new EnvFromSourceBuilder().withNewConfigMapRef().withName(name).endConfigMapRef().build();
    }

    private static EnvFromSource secretRef(String name) {
        return new EnvFromSourceBuilder().withNewSecretRef().withName(name).endSecretRef().build();
    }
}
