package org.pyql.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.pyql.coordination.ClusterStateService;
import org.pyql.coordination.QuorumService;
import org.pyql.coordination.StateKind;
import org.pyql.error.AlreadyExistsException;
import org.pyql.state.JobEntity;

/**
 * The original's job queue entry {@code POST /cluster/{any}/add}
 * {@code {"job", "job_type", "action", "config", ["interval"]}} (the path segment is ignored, as in the original):
 * {@code {"message": "job X added to jobs queue", "job_id"}}; an existing name answers its id (the original answered
 * the name). Like every metadata write it needs quorum: 503 {@code not in quorum} otherwise. Admin or service
 * credentials. Running jobs is not implemented yet.
 */
@ApplicationScoped
@Path("cluster/{any}/add")
@Produces(MediaType.APPLICATION_JSON)
public class JobQueueResource {
    @Inject
    private ClusterStateService state;
    @Inject
    private QuorumService quorum;

    @POST
    @Accepts({org.pyql.auth.TokenType.USER, org.pyql.auth.TokenType.SERVICE})
    public ObjectNode addJob(@PathParam("any") String ignored, JsonNode body, @Context ContainerRequestContext request) {
        ClusterStateResource.guard(quorum, request);
        JobDefinition def = JobDefinition.from(body);
        String name = def.name();
        String id = def.id();
        JobEntity job = new JobEntity(id, name, def.type(), def.action(), def.config());
        if (def.intervalSeconds() != null) job.setNextRunTime(System.currentTimeMillis() / 1000 + def.intervalSeconds());
        try {
            state.create(StateKind.JOBS, job);
        } catch (AlreadyExistsException exists) {
            return JsonProvider.object("message", "job " + name + " with name " + name + " already exists", "job_id", id);
        }
        return JsonProvider.object("message", "job " + name + " added to jobs queue", "job_id", id);
    }
}
