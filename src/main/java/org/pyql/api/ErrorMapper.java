package org.pyql.api;

import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.pyql.coordination.QuorumSnapshot;
import org.pyql.error.PyqlException;

/**
 * The one place failures become HTTP: {@code {"error": ..., "detail": ..., <extras>}} with the exception's status,
 * where the extras are {@link PyqlException#extras()} (e.g. the quorum document of a 503 "not in quorum"). JAX-RS's
 * own errors (unknown route 404, wrong method 405, ...) get the same JSON shape; anything unexpected is a logged 500
 * that names no internals.
 */
@Provider
public class ErrorMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof PyqlException e) {
            return json(e.status(), e.error(), e.detail(), e.extras());
        }
        if (failure instanceof WebApplicationException e) {
            int status = e.getResponse().getStatus();
            String reason = e.getResponse().getStatusInfo().getReasonPhrase();
            if (reason == null && Response.Status.fromStatusCode(status) != null) {
                reason = Response.Status.fromStatusCode(status).getReasonPhrase();
            }
            return json(status, reason == null ? "request failed" : reason.toLowerCase(Locale.ROOT),
                    status == 404 ? "no such route" : detail(e), Map.of());
        }
        LOG.log(Level.SEVERE, "unexpected failure", failure);
        return json(500, "internal error", failure.getClass().getSimpleName(), Map.of());
    }

    /**
     * Jersey's own text ("HTTP 400 Bad Request"), or for a header it could not parse (a malformed {@code Accept} or
     * {@code Content-Type}) its cause's message when that names no internal class.
     */
    private static String detail(WebApplicationException e) {
        Throwable cause = e.getCause();
        String m = cause == null ? null : cause.getMessage();
        if (m != null && m.length() <= 200 && !m.contains("Exception") && !m.contains("java.") && !m.contains("org.")) {
            return m;
        }
        return e.getMessage();
    }

    static Response json(int status, String error, String detail) {
        return json(status, error, detail, Map.of());
    }

    private static Response json(int status, String error, String detail, Map<String, Object> extras) {
        ObjectNode body = JsonProvider.object("error", error, "detail", detail);
        // a quorum snapshot is rendered as the quorum document operators know (QuorumView), not as the record
        extras.forEach((name, value) -> body.set(name, value instanceof QuorumSnapshot s ? QuorumView.document(s)
                : JsonProvider.MAPPER.valueToTree(value)));
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
