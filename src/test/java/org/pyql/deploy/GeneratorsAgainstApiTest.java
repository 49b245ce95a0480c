package org.pyql.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The generators against a Kubernetes API (fabric8's mock server in CRUD mode: it stores what it is sent and answers
 * get/update like the API server): the seed README's example command creates the objects it lists, a second run changes
 * nothing, new arguments update in place, and {@code generate-pvs 4} then {@code 6} adds exactly two.
 */
@EnableKubernetesMockClient(crud = true)
class GeneratorsAgainstApiTest {
    /** The seed README's example, verbatim. */
    static final String[] README_EXAMPLE = ("--clusterid cluster-data1 --tables ALL --databases joshdb --dbtype mysql"
            + " --dbuser josh --dbpassword abcd1234 --dbport 3306 --dbhost 83.127.235.150 --token"
            + " eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpZCI6ImViMzJkNDAyLWI2NjgtMTFlYS04ZThjLWVlZGQ2OTIyMGQ4NCIsImV4cGlyYXRpb24iOiJqb2luIiwiY3JlYXRlVGltZSI6MTU5MzAzNzI1OC4yMjY4OTkxfQ.g3sBiIXkEzfurwdGxqPV95hq90I6CO_b_Bhd0TnymAE"
            + " --clustername data1 --tag sitea --port 80 --pyqlclustersvc pyql-cluster-lb.default.svc.cluster.local")
            .split(" ");

    /** The mock server logs every request at INFO; only its warnings matter here (kept referenced: JUL holds it weakly). */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir Path dir;

    record Run(int exit, List<String> lines, String err) {
    }

    private Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = GeneratePyqlRestCommand.commandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        List<String> lines = out.toString().lines().filter(l -> !l.isBlank() && !l.startsWith("#")
                && !l.endsWith(".yaml")).toList();
        return new Run(exit, lines, err.toString());
    }

    private Supplier<KubernetesClient> clients() {
        return () -> server.createClient();
    }

    /** The README example with some options given other values ({@code "--dbtype", "sqlite"}). */
    private Run generate(String... replaced) {
        List<String> args = new ArrayList<>(Arrays.asList(README_EXAMPLE));
        for (int i = 0; i < replaced.length; i += 2) args.set(args.indexOf(replaced[i]) + 1, replaced[i + 1]);
        args.addAll(List.of("--output-dir", dir.toString()));
        return run(new GeneratePyqlRestCommand(clients()), args.toArray(String[]::new));
    }

    private static String decode(Secret s, String key) {
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }

    private Map<String, String> files() throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) m.put(p.getFileName().toString(), Files.readString(p));
        }
        return m;
    }

    @Test
    void readmeExampleCreatesTheListedObjects() throws IOException {
        Run r = generate();
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of(
                "configmap/pyql-rest-cluster-config-cluster-data1 created",
                "configmap/pyql-rest-seed-db-config-cluster-data1-sitea created",
                "persistentvolume/pyql-rest-seed-pv-cluster-data1-sitea created",
                "secret/pyql-rest-seed-db-secrets-cluster-data1-sitea created",
                "secret/pyql-rest-replica-mysql-secrets-cluster-data1 created",
                "configmap/pyql-rest-replica-mysql-config-cluster-data1 created",
                "configmap/pyql-rest-replica-config-cluster-data1 created",
                "secret/pyql-rest-replica-secrets-cluster-data1 created",
                "service/pyql-rest-cluster-data1 created"), r.lines());

        ConfigMap cluster = client.configMaps().inNamespace("test").withName("pyql-rest-cluster-config-cluster-data1").get();
        assertNotNull(cluster, "mock client namespace is 'test'");
        assertEquals(Map.of("PYQL_ROLE", "endpoint", "PYQL_TYPE", "K8S", "PYQL_PORT", "80",
                "PYQL_CLUSTER_SVC", "pyql-cluster-lb.default.svc.cluster.local"), cluster.getData());
        assertEquals("cluster-data1", cluster.getMetadata().getLabels().get("pyql-rest-cluster-id"));
        ConfigMap seed = client.configMaps().inNamespace("test").withName("pyql-rest-seed-db-config-cluster-data1-sitea").get();
        assertEquals(Map.of("PYQL_CLUSTER_NAME", "data1", "PYQL_CLUSTER_TABLES", "ALL", "DB_TYPE", "mysql",
                "DB_NAMES", "joshdb"), seed.getData());
        ConfigMap replica = client.configMaps().inNamespace("test").withName("pyql-rest-replica-config-cluster-data1").get();
        assertEquals("pyql_rest_data1_replica", replica.getData().get("DB_NAMES"));
        ConfigMap mysql = client.configMaps().inNamespace("test").withName("pyql-rest-replica-mysql-config-cluster-data1").get();
        assertEquals(Map.of("MYSQL_DATABASE", "pyql_rest_data1_replica", "MYSQL_USER", "josh"), mysql.getData());

        // base64 of the value, decoding back to exactly what was given (the original's auth secret held the raw value)
        Secret seedSecret = client.secrets().inNamespace("test").withName("pyql-rest-seed-db-secrets-cluster-data1-sitea").get();
        assertEquals("83.127.235.150", decode(seedSecret, "DB_HOST"));
        assertEquals("3306", decode(seedSecret, "DB_PORT"));
        assertEquals("josh", decode(seedSecret, "DB_USER"));
        assertEquals("abcd1234", decode(seedSecret, "DB_PASSWORD"));
        assertEquals(README_EXAMPLE[Arrays.asList(README_EXAMPLE).indexOf("--token") + 1],
                decode(seedSecret, "PYQL_CLUSTER_JOIN_TOKEN"));
        Secret mysqlSecret = client.secrets().inNamespace("test").withName("pyql-rest-replica-mysql-secrets-cluster-data1").get();
        assertEquals("abcd1234", decode(mysqlSecret, "MYSQL_ROOT_PASSWORD"));
        Secret replicaSecret = client.secrets().inNamespace("test").withName("pyql-rest-replica-secrets-cluster-data1").get();
        assertEquals("abcd1234", decode(replicaSecret, "DB_PASSWORD"));

        PersistentVolume pv = client.persistentVolumes().withName("pyql-rest-seed-pv-cluster-data1-sitea").get();
        assertEquals("pyql-rest-seed-sc-cluster-data1-sitea", pv.getSpec().getStorageClassName());
        assertEquals("/mnt/pyql-rest-seed-pv-cluster-data1-sitea", pv.getSpec().getHostPath().getPath());

        // the README's file list (plus the endpoints' Service), and no Secret in any file
        Map<String, String> files = files();
        assertEquals(List.of("pyql-rest-cluster-config-cluster-data1-sitea.yaml",
                "pyql-rest-cluster-seed-ss-init-cluster-data1-sitea.yaml",
                "pyql-rest-cluster-seed-ss-join-cluster-data1-sitea.yaml",
                "pyql-rest-replica-config-cluster-data1.yaml", "pyql-rest-replica-mysql-config-cluster-data1.yaml",
                "pyql-rest-replica-ss-cluster-data1.yaml", "pyql-rest-seed-db-config-cluster-data1-sitea.yaml",
                "pyql-rest-seed-pv-cluster-data1-sitea.yaml", "pyql-rest-service-cluster-data1.yaml"),
                new ArrayList<>(files.keySet()));
        files.forEach((name, text) -> {
            assertFalse(text.contains("kind: \"Secret\""), name);
            assertFalse(text.contains("abcd1234"), name + " holds the password");
            assertFalse(text.contains("eyJ0eXAi"), name + " holds the join token");
        });
        // the StatefulSets were only written, not applied: the operator applies them in the README's order
        assertTrue(client.apps().statefulSets().inNamespace("test").list().getItems().isEmpty());
    }

    @Test
    void secondRunChangesNothingAndNewArgumentsUpdateInPlace() throws IOException {
        assertEquals(0, generate().exit());
        Map<String, String> filesBefore = files();
        Map<String, String> versions = new TreeMap<>();
        client.configMaps().inNamespace("test").list().getItems()
                .forEach(c -> versions.put(c.getMetadata().getName(), c.getMetadata().getResourceVersion()));
        client.secrets().inNamespace("test").list().getItems()
                .forEach(c -> versions.put(c.getMetadata().getName(), c.getMetadata().getResourceVersion()));

        Run again = generate();
        assertEquals(0, again.exit(), again.err());
        assertEquals(9, again.lines().size());
        again.lines().forEach(l -> assertTrue(l.endsWith(" unchanged"), l));
        assertEquals(filesBefore, files());
        client.configMaps().inNamespace("test").list().getItems().forEach(c ->
                assertEquals(versions.get(c.getMetadata().getName()), c.getMetadata().getResourceVersion()));

        Run newPassword = generate("--dbpassword", "n3w $(pass) `x`");
        assertEquals(0, newPassword.exit(), newPassword.err());
        List<String> configured = newPassword.lines().stream().filter(l -> l.endsWith(" configured")).toList();
        assertEquals(List.of("secret/pyql-rest-seed-db-secrets-cluster-data1-sitea configured",
                "secret/pyql-rest-replica-mysql-secrets-cluster-data1 configured",
                "secret/pyql-rest-replica-secrets-cluster-data1 configured"), configured);
        Secret s = client.secrets().inNamespace("test").withName("pyql-rest-replica-secrets-cluster-data1").get();
        assertEquals("n3w $(pass) `x`", decode(s, "DB_PASSWORD"), "stored verbatim, never run through a shell");
        assertEquals(3, client.secrets().inNamespace("test").list().getItems().size(), "updated, not duplicated");
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingIsApplied() {
        Run r = generate("--dbtype", "oracle");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--dbtype 'oracle': expected mysql or sqlite"), r.err());
        assertTrue(client.configMaps().inNamespace("test").list().getItems().isEmpty());

        Run missing = run(new GeneratePyqlRestCommand(clients()), "--clusterid", "x");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("Missing required options"), missing.err());
    }

    @Test
    void generatePvsFourThenSixCreatesTwoMore() {
        Run four = run(new GeneratePvsCommand(clients()), "4");
        assertEquals(0, four.exit(), four.err());
        assertEquals(List.of("persistentvolume/pyql-rest-pv-00 created", "persistentvolume/pyql-rest-pv-01 created",
                "persistentvolume/pyql-rest-pv-02 created", "persistentvolume/pyql-rest-pv-03 created"), four.lines());
        String rv = client.persistentVolumes().withName("pyql-rest-pv-00").get().getMetadata().getResourceVersion();

        Run six = run(new GeneratePvsCommand(clients()), "6");
        assertEquals(List.of("persistentvolume/pyql-rest-pv-00 unchanged", "persistentvolume/pyql-rest-pv-01 unchanged",
                "persistentvolume/pyql-rest-pv-02 unchanged", "persistentvolume/pyql-rest-pv-03 unchanged",
                "persistentvolume/pyql-rest-pv-04 created", "persistentvolume/pyql-rest-pv-05 created"), six.lines());
        List<PersistentVolume> pvs = client.persistentVolumes().list().getItems();
        assertEquals(6, pvs.size());
        pvs.forEach(pv -> assertEquals("pyql-rest-pv-manual-sc", pv.getSpec().getStorageClassName()));
        assertEquals(rv, client.persistentVolumes().withName("pyql-rest-pv-00").get().getMetadata().getResourceVersion());

        Run cluster = run(new GeneratePvsCommand(clients()), "1", "--for", "cluster");
        assertEquals(List.of("persistentvolume/pyql-pv-volume-00 created"), cluster.lines());
        assertEquals("pyql-pv-manual-sc",
                client.persistentVolumes().withName("pyql-pv-volume-00").get().getSpec().getStorageClassName());

        Run none = run(new GeneratePvsCommand(clients()));
        assertEquals(2, none.exit(), "no count is a usage error, not a crash");
        Run zero = run(new GeneratePvsCommand(clients()), "0");
        assertEquals(2, zero.exit());
    }
}
