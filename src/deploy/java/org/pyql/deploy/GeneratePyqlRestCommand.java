package org.pyql.deploy;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scripts/generate-pyql-rest}: the original's data-endpoint generator. Applies the ConfigMaps, Secrets, the seed's
 * PV and the endpoints' Service to the current kube context (or only writes files with {@code --dry-run}) and writes the
 * seed init/join and replica StatefulSets to files for the operator to apply in the README's order.
 */
@Command(name = "generate-pyql-rest", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generates and applies the Kubernetes objects of one data cluster's endpoints (seed + replicas).")
public final class GeneratePyqlRestCommand implements Callable<Integer> {
    @Option(names = "--clusterid", required = true, description = "suffix of every object name of this data cluster")
    String clusterId;
    @Option(names = "--tables", required = true, description = "ALL or table1,table2 (PYQL_CLUSTER_TABLES)")
    String tables;
    @Option(names = "--databases", required = true, split = ",", description = "the seed's database(s)")
    List<String> databases;
    @Option(names = "--dbtype", required = true, description = "mysql or sqlite")
    String dbType;
    @Option(names = "--dbuser", required = true) String dbUser;
    @Option(names = "--dbpassword", required = true, description = "also the replicas' MySQL sidecar password")
    String dbPassword;
    @Option(names = "--dbport", required = true) int dbPort;
    @Option(names = "--dbhost", required = true, description = "the seed database's host, as seen from the pods")
    String dbHost;
    @Option(names = "--token", required = true, description = "a join token of the data cluster's owner")
    String token;
    @Option(names = "--clustername", required = true, description = "the data cluster to init/join")
    String clusterName;
    @Option(names = "--tag", required = true, description = "the seed's own suffix (site, department, ...)")
    String tag;
    @Option(names = "--port", required = true, description = "the port the endpoint pods listen on")
    int port;
    @Option(names = "--pyqlclustersvc", required = true, description = "host[:port] of the pyql-cluster client Service")
    String clusterSvc;

    @Option(names = "--image", defaultValue = "pyql-cluster:0.1.0", description = "endpoint image (k8s/Dockerfile)")
    String image;
    @Option(names = "--mysql-image", defaultValue = "mysql:8.4", description = "the replicas' MySQL sidecar image")
    String mysqlImage;
    @Option(names = {"-n", "--namespace"}, description = "default: the current context's namespace")
    String namespace;
    @Option(names = "--output-dir", defaultValue = ".", description = "where the YAML files go")
    Path outputDir;
    @Option(names = "--dry-run", description = "only write the files; apply nothing")
    boolean dryRun;

    @Spec CommandSpec commandSpec;

    private final Supplier<KubernetesClient> clients;

    public GeneratePyqlRestCommand() {
        this(() -> new KubernetesClientBuilder().build());
    }

    /** For tests: a client of a (mock) Kubernetes API. */
    public GeneratePyqlRestCommand(Supplier<KubernetesClient> clients) {
        this.clients = clients;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new GeneratePyqlRestCommand()).execute(args));
    }

    /** Bad arguments are usage errors (exit 2) with the reason, not stack traces. */
    static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (!(e instanceof IllegalArgumentException)) throw e;
            line.getErr().println(line.getColorScheme().errorText(line.getCommandName() + ": " + e.getMessage()));
            return 2;
        });
        return cl;
    }

    /** The parsed arguments, checked. */
    public EndpointSpec spec() {
        return new EndpointSpec(clusterId, tag, tables, databases, dbType, dbUser, dbPassword, dbPort, dbHost,
                token, clusterName, port, clusterSvc, image, mysqlImage);
    }

    @Override
    public Integer call() throws Exception {
        EndpointSpec spec = spec();
        PrintWriter out = commandSpec.commandLine().getOut();
        List<EndpointManifests.Generated> all = new EndpointManifests(spec).all();
        if (!dryRun) {
            try (KubernetesClient client = clients.get()) {
                String ns = namespace != null ? namespace : client.getNamespace() != null ? client.getNamespace() : "default";
                ClusterApplier applier = new ClusterApplier(client, ns);
                for (EndpointManifests.Generated g : all) {
                    if (g.applyNow()) out.println(applier.apply(g.object(), ClusterApplier.Existing.UPDATE));
                }
            }
        }
        ManifestFiles files = new ManifestFiles(outputDir);
        out.println();
        out.println("# configuration files written" + (dryRun ? " (--dry-run: nothing applied; Secrets are never written)" : ""));
        for (EndpointManifests.Generated g : all) {
            if (g.file() == null) continue;
            HasMetadata o = g.object();
            out.println(outputDir.relativize(files.write(g.file(), o, "scripts/generate-pyql-rest")));
        }
        out.flush();
        return 0;
    }
}
