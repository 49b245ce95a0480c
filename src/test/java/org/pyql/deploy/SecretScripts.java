package org.pyql.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Runs the secret scripts of {@code k8s/} with a stand-in {@code kubectl} first on the PATH, which keeps what
 * {@code kubectl apply -f -} is given and answers {@code kubectl get} with a prepared value (or "not found").
 */
final class SecretScripts {
    private final Path dir;
    private int runs;

    SecretScripts(Path dir) throws IOException {
        this.dir = dir;
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path kubectl = bin.resolve("kubectl");
        Files.writeString(kubectl, """
                #!/usr/bin/env bash
                # stand-in kubectl for the tests: apply keeps stdin, get prints the prepared answer or fails
                case "$1" in
                  apply) cat > "$FAKE_KUBECTL_DIR/applied-$(date +%s%N).yaml" ;;
                  get) [ -f "$FAKE_KUBECTL_DIR/get-answer" ] && cat "$FAKE_KUBECTL_DIR/get-answer" || \
                         { echo 'Error from server (NotFound)' >&2; exit 1; } ;;
                  *) echo "unexpected kubectl $*" >&2; exit 9 ;;
                esac
                """);
        Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** What {@code kubectl get ... -o jsonpath=...} answers from now on (null: the object does not exist). */
    void getAnswers(String text) throws IOException {
        Path f = dir.resolve("get-answer");
        if (text == null) Files.deleteIfExists(f);
        else Files.writeString(f, text);
    }

    /** Runs {@code script args...}; returns the Secrets it applied. */
    List<Secret> run(String script, String... args) throws IOException, InterruptedException {
        try (Stream<Path> old = Files.list(dir)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith("applied-")).toList()) Files.delete(p);
        }
        List<String> cmd = new ArrayList<>(List.of("bash", Path.of(script).toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("run-" + (++runs) + ".log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("FAKE_KUBECTL_DIR", dir.toString());
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(script + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(script + " exited " + p.exitValue() + ": " + Files.readString(dir.resolve("run-" + runs + ".log")));
        }
        KubernetesSerialization yaml = new KubernetesSerialization();
        List<Secret> out = new ArrayList<>();
        try (Stream<Path> applied = Files.list(dir)) {
            for (Path f : applied.filter(x -> x.getFileName().toString().startsWith("applied-")).sorted().toList()) {
                out.add(yaml.unmarshal(Files.readString(f), Secret.class));
            }
        }
        return out;
    }
}
