package org.pyql.deploy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The two sets the manifest checks run on: everything under {@code k8s/} (plus the Secrets its scripts create), and
 * everything the generators make for the seed README's example (the files of a {@code --dry-run}, the Secrets it would
 * apply, and {@code generate-pvs 4}).
 */
final class ManifestSets {
    private ManifestSets() {
    }

    static Stream<Arguments> both() throws Exception {
        return Stream.of(Arguments.of("k8s/", k8s()), Arguments.of("generated", generated()));
    }

    static ManifestSet k8s() throws Exception {
        ManifestSet set = ManifestSet.load(Path.of("k8s"));
        Path tmp = Files.createTempDirectory("pyql-k8s-secrets");
        try {
            SecretScripts scripts = new SecretScripts(tmp);
            scripts.run("k8s/init_config/create_admin_secret.sh", "abcd1234")
                    .forEach(s -> set.add("init_config/create_admin_secret.sh", s));
            scripts.run("k8s/join_config/create_secret_join_token.sh", "eyJ.a.b")
                    .forEach(s -> set.add("join_config/create_secret_join_token.sh", s));
        } finally {
            deleteTree(tmp);
        }
        return set;
    }

    static ManifestSet generated() throws Exception {
        Path out = Files.createTempDirectory("pyql-generated");
        try {
            String[] args = Stream.concat(Stream.of(GeneratorsAgainstApiTest.README_EXAMPLE),
                    Stream.of("--dry-run", "--output-dir", out.toString())).toArray(String[]::new);
            StringWriter sink = new StringWriter();
            var cl = GeneratePyqlRestCommand.commandLine(new GeneratePyqlRestCommand());
            cl.setOut(new PrintWriter(sink));
            int exit = cl.execute(args);
            if (exit != 0) throw new AssertionError("generator exit " + exit + ": " + sink);
            ManifestSet set = ManifestSet.load(out);
            GeneratePyqlRestCommand parsed = new GeneratePyqlRestCommand();
            new picocli.CommandLine(parsed).parseArgs(GeneratorsAgainstApiTest.README_EXAMPLE);
            for (EndpointManifests.Generated g : new EndpointManifests(parsed.spec()).all()) {
                if (g.file() == null) set.add("(applied) " + ClusterApplier.kubectlName(g.object()), g.object());
            }
            List<PersistentVolume> pvs = PersistentVolumes.numbered(PersistentVolumes.Kind.ENDPOINT, 4);
            pvs.forEach(pv -> set.add("generate-pvs 4", pv));
            return set;
        } finally {
            deleteTree(out);
        }
    }

    static void deleteTree(Path p) throws java.io.IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }
}
