package org.pyql.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * hostPath PersistentVolumes for the two manual storage classes: the cluster nodes' ({@code pyql-pv-manual-sc},
 * {@code pyql-pv-volume-NN}, as {@code k8s/init_config/1-pyql-cluster-pv.yaml}) and the data endpoints'
 * ({@code pyql-rest-pv-manual-sc}, {@code pyql-rest-pv-NN}, claimed by the replica StatefulSets). hostPath volumes
 * are for trying it out; a cluster with a real storage class should use that instead.
 */
public final class PersistentVolumes {
    private PersistentVolumes() {
    }

    /** Which claims the volumes are for. */
    public enum Kind {
        CLUSTER("pyql-pv-volume-", "pyql-pv-manual-sc", "5Gi"),
        ENDPOINT("pyql-rest-pv-", EndpointManifests.REPLICA_STORAGE_CLASS, EndpointManifests.STORAGE);

        public final String prefix;
        public final String storageClass;
        public final String size;

        Kind(String prefix, String storageClass, String size) {
            this.prefix = prefix;
            this.storageClass = storageClass;
            this.size = size;
        }
    }

    /** Volumes 00 to count-1 (two digits, as the original: {@code pyql-rest-pv-03}). */
    public static List<PersistentVolume> numbered(Kind kind, int count) {
        if (count < 1 || count > 999) throw new IllegalArgumentException("count must be 1..999, not " + count);
        List<PersistentVolume> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = kind.prefix + String.format(Locale.ROOT, "%02d", i);
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("app.kubernetes.io/managed-by", "pyql-generate-pvs");
            out.add(hostPath(name, kind.storageClass, kind.size, labels));
        }
        return out;
    }

    static PersistentVolume hostPath(String name, String storageClass, String size, Map<String, String> labels) {
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put("type", "local");
        return new PersistentVolumeBuilder().withNewMetadata().withName(name).withLabels(all).endMetadata()
                .withNewSpec().withStorageClassName(storageClass).addToCapacity("storage", new Quantity(size))
                .withAccessModes("ReadWriteOnce").withNewHostPath().withPath("/mnt/" + name).endHostPath().endSpec()
                .build();
    }
}
