package org.pyql.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.pyql.error.ReplicaConflictException;

/**
 * {@link ReplicaConflictException} as {@code 409 {"error", "detail", "position": {...}}}: the {@link ErrorMapper} shape
 * plus the replica's position. Picked over ErrorMapper's {@code Throwable} mapper because its type is closer.
 */
@Provider
public class ReplicaConflictMapper implements ExceptionMapper<ReplicaConflictException> {
    @Override
    public Response toResponse(ReplicaConflictException e) {
        ObjectNode body = JsonProvider.object("error", e.error(), "detail", e.detail());
        if (e.position() != null) body.set("position", JsonProvider.MAPPER.valueToTree(e.position()));
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
