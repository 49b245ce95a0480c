package org.pyql.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.auth.ClusterAuth;
import org.pyql.config.NodeRole;
import org.pyql.coordination.QuorumService;
import org.pyql.endpoint.EndpointReadiness;

/**
 * The one answer to "is this node ready / alive / started", used by the project's probes
 * ({@code /cluster/pyql/ready}, {@code /pyql/live}) and by the MicroProfile Health checks Payara serves at
 * {@code /health/*} ({@link HealthChecks}), so both always agree.
 */
@ApplicationScoped
public class NodeHealth {
    @Inject
    private QuorumService quorum;
    @Inject
    private ClusterAuth clusterAuth;
    @Inject
    private NodeStartup node;
    @Inject
    private EndpointReadiness endpointReadiness;

    /** Readiness and the document that explains it. */
    public record Answer(boolean up, ObjectNode document) {
    }

    /**
     * Ready: a cluster node in quorum with the cluster state, users and keys loaded; a data endpoint whose databases
     * answer. The document is the quorum document (cluster roles) or the databases' states (role endpoint).
     */
    public Answer readiness() {
        if (node.config() != null && node.config().role() == NodeRole.ENDPOINT) {
            // the manifests probe the same path on every pod: a data endpoint answers for its databases
            ObjectNode doc = EndpointReadinessDocument.document(endpointReadiness);
            return new Answer(doc.path("ready").asBoolean(false), doc);
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
        return new Answer(doc.path("ready").asBoolean(false), doc);
    }

    /** Alive: the application answers (what {@code /pyql/live} has always meant: the JVM serves requests). */
    public boolean live() {
        return true;
    }

    /** Started: the node finished its start-up (configuration loaded, node id known). */
    public boolean started() {
        return node.nodeId() != null;
    }
}
