package org.pyql.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * A set of Kubernetes objects as fabric8 model objects, each with the file it came from, and the lookups the manifest
 * checks need. Parsing is strict: a field the Kubernetes model does not know (a typo such as {@code readinesProbe})
 * lands in fabric8's {@code additionalProperties}, which {@link #unknownFields} reports.
 */
final class ManifestSet {
    record Doc(String source, HasMetadata object) {
    }

    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    private final List<Doc> docs = new ArrayList<>();

    /** Every {@code .yaml} file under {@code dir}, each document of a multi-document file separately. */
    static ManifestSet load(Path dir) throws IOException {
        ManifestSet set = new ManifestSet();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                set.addFile(f, dir);
            }
        }
        return set;
    }

    void addFile(Path file, Path base) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int i = 0;
        for (String part : text.split("(?m)^---\\s*$")) {
            if (part.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) continue;
            String source = base.relativize(file) + "#" + (i++);
            stringValuedConfigMap(part, source);
            Object parsed = YAML.unmarshal(part);
            if (!(parsed instanceof HasMetadata o)) throw new AssertionError(source + " is not a Kubernetes object: " + parsed);
            List<String> unknown = new ArrayList<>();
            unknownFields(o, source, unknown);
            assertEquals(List.of(), unknown, "fields the Kubernetes API does not know");
            docs.add(new Doc(source, o));
        }
    }

    /**
     * kubectl rejects a ConfigMap whose data has a number or a boolean ({@code PYQL_PORT: 8080}); the model parser
     * would quietly turn it into a string, so the raw YAML is checked.
     */
    private static void stringValuedConfigMap(String yaml, String source) throws IOException {
        var tree = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(yaml);
        if (!"ConfigMap".equals(tree.path("kind").asText())) return;
        tree.path("data").fields().forEachRemaining(e -> assertTrue(e.getValue().isTextual(),
                source + ": ConfigMap value " + e.getKey() + " must be a quoted string, not " + e.getValue()));
    }

    void add(String source, HasMetadata o) {
        docs.add(new Doc(source, o));
    }

    List<Doc> docs() {
        return docs;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return docs.stream().map(Doc::object).filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    String sourceOf(HasMetadata o) {
        return docs.stream().filter(d -> d.object() == o).map(Doc::source).findFirst().orElse("?");
    }

    /**
     * The environment a container starts with: its envFrom ConfigMaps and Secrets (which must be in the set unless
     * marked optional), then its own env entries. Secret values are decoded; downward-API values get a placeholder.
     */
    Map<String, String> environment(Container c, String where) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                String name = from.getConfigMapRef().getName();
                Optional<ConfigMap> cm = named(ConfigMap.class, name);
                if (cm.isEmpty() && Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) continue;
                assertTrue(cm.isPresent(), where + ": envFrom ConfigMap " + name + " is not defined");
                env.putAll(cm.get().getData());
            }
            if (from.getSecretRef() != null) {
                String name = from.getSecretRef().getName();
                Optional<Secret> s = named(Secret.class, name);
                if (s.isEmpty() && Boolean.TRUE.equals(from.getSecretRef().getOptional())) continue;
                assertTrue(s.isPresent(), where + ": envFrom Secret " + name + " is not defined");
                s.get().getData().forEach((k, v) -> env.put(k, decode(v, where + " secret " + name + "/" + k)));
            }
        }
        for (EnvVar v : c.getEnv()) {
            if (v.getValueFrom() == null) {
                env.put(v.getName(), v.getValue());
            } else if (v.getValueFrom().getFieldRef() != null) {
                env.put(v.getName(), "10.1.2.3");
            } else if (v.getValueFrom().getSecretKeyRef() != null) {
                var ref = v.getValueFrom().getSecretKeyRef();
                Optional<Secret> s = named(Secret.class, ref.getName());
                if (s.isEmpty() && Boolean.TRUE.equals(ref.getOptional())) continue;
                assertTrue(s.isPresent(), where + ": env " + v.getName() + " refers to missing Secret " + ref.getName());
                String data = s.get().getData().get(ref.getKey());
                assertNotNull(data, where + ": Secret " + ref.getName() + " has no key " + ref.getKey());
                env.put(v.getName(), decode(data, where));
            } else {
                fail(where + ": env " + v.getName() + " has a source the checks do not know");
            }
        }
        return env;
    }

    static String decode(String base64, String where) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AssertionError(where + ": Secret data is not base64 (" + e.getMessage() + ")");
        }
    }

    /** Walks the fabric8 model graph and lists every non-empty {@code additionalProperties} (an unknown field). */
    static void unknownFields(Object o, String path, List<String> out) {
        if (o == null) return;
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) unknownFields(e, path + "[" + (i++) + "]", out);
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, path + "." + k, out));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) return;
        for (Method g : o.getClass().getMethods()) {
            if (g.getParameterCount() != 0 || !g.getName().startsWith("get") || Modifier.isStatic(g.getModifiers())
                    || g.getDeclaringClass() == Object.class) continue;
            Object v;
            try {
                v = g.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (g.getName().equals("getAdditionalProperties")) {
                if (v instanceof Map<?, ?> extra && !extra.isEmpty()) out.add(path + ": " + extra.keySet());
            } else {
                unknownFields(v, path + "." + g.getName().substring(3), out);
            }
        }
    }
}
