package org.pyql.deploy;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scripts/generate-pvs <count>}: makes sure hostPath PVs 00..count-1 exist. Existing ones are left as they are
 * (a PV's spec is immutable once bound), so raising the count only adds the missing ones.
 */
@Command(name = "generate-pvs", mixinStandardHelpOptions = true,
        description = "Creates the missing hostPath PersistentVolumes 00..count-1 (existing ones stay unchanged).")
public final class GeneratePvsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<count>", description = "how many volumes should exist")
    int count;
    @Option(names = "--for", defaultValue = "endpoint",
            description = "endpoint (pyql-rest-pv-NN, class pyql-rest-pv-manual-sc) or cluster (pyql-pv-volume-NN, class pyql-pv-manual-sc)")
    String kind;
    @Option(names = "--dry-run", description = "write pv-NN.yaml files to --output-dir instead of applying")
    boolean dryRun;
    @Option(names = "--output-dir", defaultValue = ".") Path outputDir;

    @Spec CommandSpec commandSpec;

    private final Supplier<KubernetesClient> clients;

    public GeneratePvsCommand() {
        this(() -> new KubernetesClientBuilder().build());
    }

    public GeneratePvsCommand(Supplier<KubernetesClient> clients) {
        this.clients = clients;
    }

    public static void main(String[] args) {
        System.exit(GeneratePyqlRestCommand.commandLine(new GeneratePvsCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PersistentVolumes.Kind k = switch (kind) {
            case "endpoint" -> PersistentVolumes.Kind.ENDPOINT;
            case "cluster" -> PersistentVolumes.Kind.CLUSTER;
            default -> throw new IllegalArgumentException("--for '" + kind + "': expected endpoint or cluster");
        };
        List<PersistentVolume> pvs = PersistentVolumes.numbered(k, count);
        PrintWriter out = commandSpec.commandLine().getOut();
        if (dryRun) {
            ManifestFiles files = new ManifestFiles(outputDir);
            for (PersistentVolume pv : pvs) {
                out.println(files.write(pv.getMetadata().getName() + ".yaml", pv, "scripts/generate-pvs"));
            }
        } else {
            try (KubernetesClient client = clients.get()) {
                ClusterApplier applier = new ClusterApplier(client, "default");
                for (PersistentVolume pv : pvs) out.println(applier.apply(pv, ClusterApplier.Existing.KEEP));
            }
        }
        out.flush();
        return 0;
    }
}
