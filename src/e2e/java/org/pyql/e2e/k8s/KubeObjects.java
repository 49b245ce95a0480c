package org.pyql.e2e.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The Kubernetes objects a simulated deployment is started from, as the API server would hold them: the YAML files under
 * {@code k8s/} and the data-endpoint generator's objects, plus the Secrets the scripts apply. {@link #env} resolves a
 * container's environment the way the kubelet does ({@code envFrom} in order, then {@code env}; Secrets' base64
 * decoded; {@code fieldRef status.podIP} is the pod's address), so the simulation runs each node with exactly the
 * variables its manifest gives it.
 */
final class KubeObjects {
    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    private static final Pattern SLEEP = Pattern.compile("sleep (\\d+)");

    private final Map<String, HasMetadata> byKindAndName = new LinkedHashMap<>();

    /** Adds every document of the YAML file {@code file}. */
    KubeObjects load(Path file) {
        try {
            for (String part : Files.readString(file, StandardCharsets.UTF_8).split("(?m)^---\\s*$")) {
                if (part.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) continue;
                add((HasMetadata) YAML.unmarshal(part));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Adds (or replaces, like {@code kubectl apply}) one object. */
    KubeObjects add(HasMetadata o) {
        byKindAndName.put(o.getKind() + "/" + o.getMetadata().getName(), o);
        return this;
    }

    /** An Opaque Secret with {@code values} base64-encoded under {@code data}, as the scripts create it. */
    KubeObjects secret(String name, Map<String, String> values) {
        Map<String, String> data = new LinkedHashMap<>();
        values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        Secret s = new Secret();
        s.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
        s.setType("Opaque");
        s.setData(data);
        return add(s);
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        HasMetadata o = byKindAndName.get(type.getSimpleName() + "/" + name);
        if (o == null) throw new AssertionError("no " + type.getSimpleName() + " " + name + " among " + byKindAndName.keySet());
        return type.cast(o);
    }

    /** The ConfigMap's data. */
    Map<String, String> configMap(String name) {
        return get(ConfigMap.class, name).getData();
    }

    /** The Secret's values, base64-decoded (a value that is not base64 fails, as it would in the pod). */
    Map<String, String> secretValues(String name) {
        Map<String, String> out = new LinkedHashMap<>();
        Secret s = get(Secret.class, name);
        if (s.getData() != null) {
            s.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (s.getStringData() != null) out.putAll(s.getStringData());
        return out;
    }

    /** The container {@code container} of StatefulSet {@code statefulSet}'s pod template. */
    Container container(String statefulSet, String container) {
        for (Container c : get(StatefulSet.class, statefulSet).getSpec().getTemplate().getSpec().getContainers()) {
            if (c.getName().equals(container)) return c;
        }
        throw new AssertionError("StatefulSet " + statefulSet + " has no container " + container);
    }

    /** The environment the kubelet gives the container, in a pod whose IP is {@code podIp}. */
    Map<String, String> env(String statefulSet, String container, String podIp) {
        Container c = container(statefulSet, container);
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) env.putAll(configMap(from.getConfigMapRef().getName()));
            if (from.getSecretRef() != null) env.putAll(secretValues(from.getSecretRef().getName()));
        }
        for (EnvVar v : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
            if (v.getValueFrom() == null) {
                env.put(v.getName(), v.getValue());
            } else if (v.getValueFrom().getFieldRef() != null) {
                String field = v.getValueFrom().getFieldRef().getFieldPath();
                if (!field.equals("status.podIP")) throw new AssertionError("the simulation knows no field " + field);
                env.put(v.getName(), podIp);
            } else if (v.getValueFrom().getSecretKeyRef() != null) {
                var ref = v.getValueFrom().getSecretKeyRef();
                String key = "Secret/" + ref.getName();
                String value = byKindAndName.containsKey(key) ? secretValues(ref.getName()).get(ref.getKey()) : null;
                if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                    throw new AssertionError("the pod would not start: secret " + ref.getName() + " key " + ref.getKey());
                }
                if (value != null) env.put(v.getName(), value);
            } else {
                throw new AssertionError("the simulation cannot resolve " + v);
            }
        }
        return env;
    }

    /** Seconds of the container's {@code preStop} ({@code sh -c "sleep N"}). */
    int preStopSeconds(String statefulSet, String container) {
        List<String> cmd = container(statefulSet, container).getLifecycle().getPreStop().getExec().getCommand();
        Matcher m = SLEEP.matcher(String.join(" ", cmd));
        if (!m.find()) throw new AssertionError("preStop is not a sleep: " + cmd);
        return Integer.parseInt(m.group(1));
    }

    long terminationGraceSeconds(String statefulSet) {
        return get(StatefulSet.class, statefulSet).getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
    }

    String readinessPath(String statefulSet, String container) {
        return container(statefulSet, container).getReadinessProbe().getHttpGet().getPath();
    }

    /** The memory limit in bytes. */
    long memoryLimitBytes(String statefulSet, String container) {
        Quantity q = container(statefulSet, container).getResources().getLimits().get("memory");
        return Quantity.getAmountInBytes(q).longValueExact();
    }

    int replicas(String statefulSet) {
        return get(StatefulSet.class, statefulSet).getSpec().getReplicas();
    }

    /** The JVM flags of {@code PYQL_JVM_FLAGS}, split as the shell splits them. */
    static List<String> jvmFlags(Map<String, String> env) {
        List<String> out = new ArrayList<>();
        for (String f : env.getOrDefault("PYQL_JVM_FLAGS", "").trim().split("\\s+")) if (!f.isEmpty()) out.add(f);
        return out;
    }
}
