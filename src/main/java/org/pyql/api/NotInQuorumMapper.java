package org.pyql.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.pyql.coordination.NotInQuorumException;

/**
 * {@link NotInQuorumException} as {@code 503 {"error": "not in quorum", "detail": <reason>, "quorum": {...}}}: the
 * {@link ErrorMapper} shape plus the node's quorum document. JAX-RS picks this mapper over ErrorMapper's
 * {@code Throwable} one because its type is closer.
 */
@Provider
public class NotInQuorumMapper implements ExceptionMapper<NotInQuorumException> {
    @Override
    public Response toResponse(NotInQuorumException e) {
        ObjectNode body = JsonProvider.object("error", e.error(), "detail", e.detail());
        if (e.quorum() != null) body.set("quorum", QuorumView.document(e.quorum()));
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
