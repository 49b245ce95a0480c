package org.pyql.e2e.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The launch options of a node, from the same program {@code scripts/node-env.sh} asks
 * ({@code org.pyql.config.LaunchOptions} in {@code target/classes}, run as a separate process: the e2e code links
 * to no class of the WAR). So the harness, the scripts and the node itself read the {@code PYQL_*} settings one way.
 */
public final class LaunchOptions {
    private LaunchOptions() {
    }

    /**
     * Adds the JVM and Payara options for a node of {@code role} with environment {@code env} to {@code builder}
     * (Hazelcast on unless the role is endpoint). The node's environment gets the resolved cluster name and CP count.
     */
    public static PyqlNode.Builder applyTo(PyqlNode.Builder builder, String role, Map<String, String> env) {
        for (String line : resolve(role, env)) {
            int eq = line.indexOf('=');
            String kind = line.substring(0, eq);
            String value = line.substring(eq + 1);
            switch (kind) {
                case "jvm" -> builder.jvmOption(value);
                case "payara" -> {
                    if (value.equals("--nohazelcast")) builder.hazelcast(false);
                    else builder.payaraOption(value.startsWith("payara/") ? Path.of(value).toAbsolutePath().toString() : value);
                }
                case "export" -> {
                    int e = value.indexOf('=');
                    builder.env(value.substring(0, e), value.substring(e + 1));
                }
                default -> throw new IllegalStateException("unknown launch option line: " + line);
            }
        }
        if (!role.equalsIgnoreCase("endpoint")) builder.hazelcast(true);
        return builder;
    }

    /** The raw {@code kind=value} lines for {@code role} and {@code env}. */
    public static List<String> resolve(String role, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(E2eEnv.javaExecutable().toString(), "-cp",
                E2eEnv.mainClasses().toString(), "org.pyql.config.LaunchOptions");
        pb.environment().keySet().removeIf(k -> k.startsWith("PYQL_"));   // only what this node is given
        pb.environment().putAll(env);
        pb.environment().put("PYQL_ROLE", role);
        pb.redirectErrorStream(true);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("org.pyql.config.LaunchOptions did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("org.pyql.config.LaunchOptions refused the settings: " + out.strip());
            }
            return out.lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
