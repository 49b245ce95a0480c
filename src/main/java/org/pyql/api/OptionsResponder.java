package org.pyql.api;

import java.io.IOException;
import java.util.Set;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/** OPTIONS answers like every other route: JSON, here {@code {"allow": [...]}} besides the Allow header. */
@Provider
public class OptionsResponder implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) throws IOException {
        if (!HttpMethod.OPTIONS.equals(request.getMethod()) || response.getStatus() >= 300) return;
        MediaType type = response.getMediaType();
        if (response.hasEntity() && type != null && type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) return;
        Set<String> allowed = response.getAllowedMethods();
        response.setStatus(200);
        // Jersey's own OPTIONS answer for some Accept headers is an empty entity with Content-Length: 0 already set
        response.getHeaders().remove("Content-Length");
        response.setEntity(JsonProvider.object("allow", allowed), null, MediaType.APPLICATION_JSON_TYPE);
    }
}
