package org.pyql.deploy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Applies generated objects to a Kubernetes API, reporting each like {@code kubectl apply} does
 * ({@code configmap/name created|configured|unchanged}). "Unchanged" is decided by a hash of the generated object kept
 * in an annotation, so a second run with the same arguments writes nothing, and a run with new arguments updates the
 * object in place (keeping what the server added, such as its uid).
 */
public final class ClusterApplier {
    /** The hash of the generated content an object was last written with. */
    public static final String HASH_ANNOTATION = "pyql.org/generated-hash";

    /** What to do with an object that exists already. */
    public enum Existing { UPDATE, KEEP }

    private final KubernetesClient client;
    private final String namespace;
    private final KubernetesSerialization yaml = new KubernetesSerialization();

    public ClusterApplier(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public String namespace() {
        return namespace;
    }

    /** Creates or updates {@code desired}; returns the kubectl-style line. */
    public String apply(HasMetadata desired, Existing existing) {
        String hash = hash(desired);
        desired.getMetadata().getAnnotations().put(HASH_ANNOTATION, hash);
        Resource<HasMetadata> resource = desired instanceof Namespaced
                ? client.resource(desired).inNamespace(namespace) : client.resource(desired);
        HasMetadata current = resource.get();
        String outcome;
        if (current == null) {
            resource.create();
            outcome = "created";
        } else if (existing == Existing.KEEP || hash.equals(current.getMetadata().getAnnotations().get(HASH_ANNOTATION))) {
            outcome = "unchanged";
        } else {
            desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
            resource.update();
            outcome = "configured";
        }
        return kubectlName(desired) + " " + outcome;
    }

    /** {@code configmap/x}, {@code statefulset.apps/x}: how kubectl names an object. */
    public static String kubectlName(HasMetadata o) {
        String api = o.getApiVersion();
        String group = api.contains("/") ? "." + api.substring(0, api.indexOf('/')) : "";
        return o.getKind().toLowerCase(Locale.ROOT) + group + "/" + o.getMetadata().getName();
    }

    private String hash(HasMetadata o) {
        o.getMetadata().getAnnotations().remove(HASH_ANNOTATION);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(yaml.asYaml(o).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
