package org.pyql.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/**
 * {@code GET /openapi}: the OpenAPI 3.1 document of the public API, {@code openapi.yaml} from the classpath served as
 * it is maintained (no credentials: it describes routes, never data). Payara's own MicroProfile OpenAPI endpoint is
 * switched off in payara/pre-boot-commands.asadmin so this one answers on both servers. Tests keep it true: every
 * {@code @Path} route is in it (OpenApiRoutesTest) and e2e responses are checked against it (harness
 * {@code OpenApiRecorder}).
 */
@ApplicationScoped
@Path("openapi")
public class OpenApiResource {
    static final String YAML = "application/yaml";
    private static final byte[] DOCUMENT = load();

    @GET
    @Produces(YAML + "; charset=utf-8")
    public byte[] document() {
        return DOCUMENT;
    }

    private static byte[] load() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) throw new IllegalStateException("openapi.yaml is missing from the WAR");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
