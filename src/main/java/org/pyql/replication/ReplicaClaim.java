package org.pyql.replication;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Tells an endpoint that one of its tables now belongs to a data cluster: from then on only the sequenced apply
 * route changes it and {@code /db} writes are refused with a 409 naming {@code clusterName}.
 */
public record ReplicaClaim(String cluster, @JsonProperty("cluster_name") String clusterName) {
}
