package org.pyql.config;

import java.util.Locale;

/** What a node does: a cluster node, a data endpoint, or both in one process (the embedded default). */
public enum NodeRole {
    STANDALONE, CLUSTER, ENDPOINT;

    public boolean servesEndpoint() { return this != CLUSTER; }

    public boolean servesCluster() { return this != ENDPOINT; }

    public static NodeRole parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("PYQL_ROLE must be standalone, cluster or endpoint, not '" + value + "'");
        }
    }
}
