package org.pyql.api;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.pyql.auth.Caller;
import org.pyql.cluster.SystemClusterBootstrap;
import org.pyql.coordination.ClusterStateService;
import org.pyql.coordination.QuorumService;
import org.pyql.coordination.StateKind;
import org.pyql.error.ForbiddenException;
import org.pyql.error.NotFoundException;
import org.pyql.state.MetadataEntity;

/**
 * The replicated cluster metadata, for operators and tests (admin or service credentials):
 * {@code GET /pyql/state} (row counts per kind and the pyql cluster id), {@code GET /pyql/state/{kind}}
 * ({@code {"data": [rows]}}, each row an allowlisted {@link StateViews} record). Reads need no quorum.
 */
@ApplicationScoped
@Path("pyql/state")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterStateResource {
    /** What this API serves; secrets (users' password hashes, keys, join tokens) never. */
    private static final List<StateKind<?>> SERVED = List.of(StateKind.NODES, StateKind.CLUSTERS, StateKind.ENDPOINTS,
            StateKind.TABLES, StateKind.REPLICAS, StateKind.JOBS);
    @Inject
    private ClusterStateService state;
    @Inject
    private QuorumService quorum;

    @GET
    public ObjectNode summary(@Context ContainerRequestContext request) {
        guard(request);
        ObjectNode body = JsonProvider.MAPPER.createObjectNode();
        body.put("cluster", state.list(StateKind.CLUSTERS, c -> SystemClusterBootstrap.NAME.equals(c.getName())).stream()
                .map(MetadataEntity::getId).findFirst().orElse(null));
        ObjectNode counts = body.putObject("counts");
        for (StateKind<?> kind : SERVED) counts.put(kind.name(), state.list(kind).size());
        return body;
    }

    @GET
    @Path("{kind}")
    public ObjectNode rows(@PathParam("kind") String kind, @Context ContainerRequestContext request) {
        guard(request);
        StateKind<?> k = SERVED.stream().filter(s -> s.name().equals(kind.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new NotFoundException("no such state kind", kind + "; one of "
                        + SERVED.stream().map(StateKind::name).toList()));
        if (k.secret()) throw new NotFoundException("no such state kind", kind + " is not served over HTTP");
        ObjectNode body = JsonProvider.MAPPER.createObjectNode();
        ArrayNode data = body.putArray("data");
        for (MetadataEntity e : state.list(k)) data.add(JsonProvider.MAPPER.valueToTree(StateViews.of(e)));
        return body;
    }

    private void guard(ContainerRequestContext request) {
        guard(quorum, request);
    }

    /** 404 on a data endpoint, 403 unless the caller is admin or service. */
    static void guard(QuorumService quorum, ContainerRequestContext request) {
        if (!quorum.clusterNode()) {
            throw new NotFoundException("not a cluster node", "this node runs as a data endpoint only");
        }
        Object caller = request.getProperty(AuthFilter.CALLER);
        if (!(caller instanceof Caller c) || !c.isOperator()) {
            throw new ForbiddenException("admin or service credentials required", "cluster state");
        }
    }
}
