package org.pyql.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.pyql.coordination.QuorumService;

/**
 * The readiness probe ({@code GET /cluster/pyql/ready}, no credentials): 200 with the quorum document when the node is
 * in quorum and has loaded the cluster state, else 503 with the same document. On a data endpoint (role endpoint) it is
 * the endpoint's readiness ({@code GET /pyql/ready}). Read-only: it never changes state, so
 * unauthenticated callers cannot abuse it (the original's {@code POST} that flipped readiness does not exist).
 */
@ApplicationScoped
@Path("cluster/pyql/ready")
@Produces(MediaType.APPLICATION_JSON)
public class ReadinessResource {
    @Inject
    private QuorumService quorum;
    @Inject
    private org.pyql.auth.ClusterAuth clusterAuth;
    @Inject
    private NodeStartup node;
    @Inject
    private org.pyql.endpoint.EndpointReadiness endpointReadiness;

    @GET
    public Response ready() {
        if (node.config() != null && node.config().role() == org.pyql.config.NodeRole.ENDPOINT) {
            // the manifests probe this path on every pod: a data endpoint answers for its databases
            return EndpointReadinessDocument.of(endpointReadiness);
        }
        ObjectNode doc;
        if (!quorum.clusterNode()) {
            doc = JsonProvider.object("ready", false, "in_quorum", false, "health", "unhealthy",
                    "reason", "this node runs as a data endpoint only; it has no cluster readiness");
        } else {
            doc = QuorumView.document(quorum.snapshot());
            if (doc.path("ready").asBoolean(false) && !clusterAuth.ready()) {
                // in quorum, but users and signing keys are not loaded yet: logins would still answer 503
                doc.put("ready", false);
                doc.put("health", "healing");   // in quorum, not ready: the original's "healing"
                doc.put("reason", "loading users and signing keys from the cluster state");
            }
        }
        boolean ready = doc.path("ready").asBoolean(false);
        return Response.status(ready ? 200 : 503).type(MediaType.APPLICATION_JSON_TYPE).entity(doc).build();
    }
}
