package org.pyql.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.pyql.coordination.QuorumService;

/**
 * Quorum management in the original's shapes: {@code GET /pyql/quorum} {@code {"quorum": [<doc>]}},
 * {@code POST /pyql/quorum} (a fresh CP round trip) {@code {"message", "quorum": <doc>}}, and
 * {@code POST /pyql/quorum/check} (every member refreshes) {@code {"message", "results": {node: {status, content}}}},
 * and {@code GET /pyql/quorum/cp} (each live node's CP role) {@code {"node", "mode", "metadata_leader", "nodes": [...]}}.
 * Admin or service credentials only.
 */
@ApplicationScoped
@Path("pyql/quorum")
@Produces(MediaType.APPLICATION_JSON)
public class QuorumResource {
    @Inject
    private QuorumService quorum;

    @GET
    public ObjectNode get(@Context ContainerRequestContext request) {
        guard(request);
        ObjectNode body = JsonProvider.MAPPER.createObjectNode();
        body.putArray("quorum").add(QuorumView.document(quorum.snapshot()));
        return body;
    }

    @POST
    public ObjectNode refresh(@Context ContainerRequestContext request) {
        guard(request);
        ObjectNode doc = QuorumView.document(quorum.refresh());
        ObjectNode body = JsonProvider.object("message", "cluster_quorum_update on node " + quorum.nodeId() + " updated successfully");
        body.set("quorum", doc);
        return body;
    }

    @POST
    @Path("check")
    public ObjectNode check(@Context ContainerRequestContext request) {
        guard(request);
        ObjectNode results = QuorumView.checkResults(quorum.checkAll());
        ObjectNode body = JsonProvider.object("message", "cluster_quorum_check completed on " + quorum.nodeId());
        body.set("results", results);
        return body;
    }

    /** Each live node's CP role: CP member or not, METADATA leader or follower ({@link org.pyql.coordination.CpRoles}). */
    @GET
    @Path("cp")
    public ObjectNode cpRoles(@Context ContainerRequestContext request) {
        guard(request);
        return QuorumView.cpRoles(quorum.cpRoles());
    }

    private void guard(ContainerRequestContext request) {
        ClusterStateResource.guard(quorum, request);
    }
}
