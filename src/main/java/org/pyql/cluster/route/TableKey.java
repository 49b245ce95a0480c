package org.pyql.cluster.route;

/**
 * A replicated table: its data cluster's id and its name. {@link #cpName()} is the same key in the character set CP
 * object names accept; cluster ids and table names are validated ({@code [A-Za-z0-9_:-]}), so it is unambiguous.
 */
public record TableKey(String clusterId, String table) {
    public String cpName() {
        return (clusterId + "." + table).replace(':', '_');
    }

    @Override
    public String toString() {
        return clusterId + "/" + table;
    }
}
