package org.pyql.api;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

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
import org.pyql.error.BadRequestException;
import org.pyql.query.JsonFields;
import org.pyql.error.ConflictException;
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
    private static final Set<String> JOB_TYPES = Set.of("cluster", "jobs", "syncjobs", "cron");

    @Inject
    private ClusterStateService state;
    @Inject
    private QuorumService quorum;

    @POST
    @Accepts({org.pyql.auth.TokenType.USER, org.pyql.auth.TokenType.SERVICE})
    public ObjectNode addJob(@PathParam("any") String ignored, JsonNode body, @Context ContainerRequestContext request) {
        ClusterStateResource.guard(quorum, request);
        if (body == null || !body.isObject()) throw new BadRequestException("expected a JSON object", "job definition");
        String name = JsonFields.requiredText(body, "job");
        String type = JsonFields.requiredText(body, "job_type");
        String action = JsonFields.requiredText(body, "action");
        if (!JOB_TYPES.contains(type)) {
            throw new BadRequestException("invalid job_type", "one of " + JOB_TYPES + ", not '" + type + "'");
        }
        JsonNode config = body.path("config");
        if (!config.isObject()) throw new BadRequestException("missing config", "\"config\" must be a JSON object");
        // the id follows from the name, so that two concurrent adds of one name cannot both succeed
        String id = UUID.nameUUIDFromBytes(("job:" + name).getBytes(StandardCharsets.UTF_8)).toString();
        JobEntity job = new JobEntity(id, name, type, action, config.toString());
        if (body.hasNonNull("interval")) job.setNextRunTime(System.currentTimeMillis() / 1000 + body.get("interval").asLong());
        try {
            state.create(StateKind.JOBS, job);
        } catch (ConflictException exists) {
            if (exists instanceof ClusterStateService.VersionConflict) throw exists;
            return JsonProvider.object("message", "job " + name + " with name " + name + " already exists", "job_id", id);
        }
        return JsonProvider.object("message", "job " + name + " added to jobs queue", "job_id", id);
    }
}
