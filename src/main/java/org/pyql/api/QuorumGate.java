package org.pyql.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

import org.pyql.coordination.QuorumService;

/**
 * On a cluster node, every route that reads or writes cluster state ({@code /auth/...}, {@code /cluster/...},
 * {@code /pyql/state/...}) answers {@code 503 not in quorum} unless the node has the CP majority and has loaded the
 * cluster state since gaining it (ARCHITECTURE.md invariant 4: a node without quorum never serves stale state). It
 * runs before authentication, which itself reads the cluster's users and keys. Open routes stay open: the probes
 * ({@code /pyql/node}, {@code /pyql/live}, {@code /pyql/ready}, {@code /cluster/pyql/ready}), {@code /pyql/quorum}
 * (it says why) and a node's own databases ({@code /db/...}, not cluster state). Data endpoints run no coordination
 * and are not gated here.
 */
@Provider
@Priority(Priorities.AUTHENTICATION - 100)
public class QuorumGate implements ContainerRequestFilter {
    @Inject
    private QuorumService quorum;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/")) path = path.substring(1);
        if (gated(path) && quorum.clusterNode()) quorum.requireWritable();
    }

    /** Whether {@code path} (without the leading slash) reads or writes cluster state. */
    static boolean gated(String path) {
        if (path.equals("cluster/pyql/ready") || path.startsWith("cluster/pyql/ready/")) return false;
        return path.startsWith("auth/") || path.startsWith("cluster/") || path.equals("cluster")
                || path.startsWith("pyql/state");
    }
}
