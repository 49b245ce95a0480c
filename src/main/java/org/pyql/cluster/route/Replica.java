package org.pyql.cluster.route;

/**
 * One table replica as routing sees it: the endpoint database's uuid (the replica's id within the cluster), its
 * address and database, the token the cluster uses to call it (server-side only, never in a response), and whether
 * it is in sync ({@code state} is {@code loaded} or {@code new}).
 */
public record Replica(String endpointId, String name, String path, String db, String token, boolean inSync,
                      String state) {
    /** {@code http://host:port/db/<db>} */
    public String baseUrl() {
        return "http://" + path + "/db/" + db;
    }

    @Override
    public String toString() {
        return endpointId + "@" + path + "/" + db;
    }
}
