package org.pyql.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;

/**
 * openapi.yaml (served at {@code /openapi}) and the JAX-RS resources list the same routes: every resource method of
 * {@link PyqlApplication} (its template as {@link RouteTemplates} names it, and its HTTP method) is documented, and
 * nothing is documented that no resource serves (the console's static files of {@link ConsoleFilter} included). The
 * e2e harness checks the response bodies against it.
 */
class OpenApiRoutesTest {
    private static JsonNode document() throws Exception {
        try (InputStream in = OpenApiRoutesTest.class.getResourceAsStream("/openapi.yaml")) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    private static Set<String> codeRoutes() {
        Set<String> routes = new TreeSet<>();
        for (Class<?> c : new PyqlApplication().getClasses()) {
            if (c.getAnnotation(Path.class) == null) continue;
            for (Method m : c.getDeclaredMethods()) {
                for (Annotation a : m.getAnnotations()) {
                    HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
                    if (http != null) routes.add(http.value() + " " + RouteTemplates.of(m));
                }
            }
        }
        // the console's static files, served by a servlet filter (GET only; other methods are a 405)
        for (String pattern : ConsoleFilter.class.getAnnotation(jakarta.servlet.annotation.WebFilter.class).urlPatterns()) {
            routes.add("GET " + pattern.replace("/*", "/{file}"));
        }
        return routes;
    }

    @Test
    void everyRouteIsDocumentedAndNothingElse() throws Exception {
        Set<String> documented = new TreeSet<>();
        JsonNode paths = document().path("paths");
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            String p = it.next();
            for (Iterator<String> ops = paths.get(p).fieldNames(); ops.hasNext(); ) {
                String op = ops.next();
                if (Set.of("get", "put", "post", "delete", "patch", "head").contains(op)) {
                    documented.add(op.toUpperCase(Locale.ROOT) + " " + p);
                }
            }
        }
        Set<String> code = codeRoutes();
        assertTrue(code.size() > 60, "found the resources: " + code);
        Set<String> missing = new TreeSet<>(code);
        missing.removeAll(documented);
        Set<String> extra = new TreeSet<>(documented);
        extra.removeAll(code);
        assertEquals(Set.of(), missing, "routes missing from openapi.yaml");
        assertEquals(Set.of(), extra, "documented routes no resource serves");
    }

    @Test
    void isOpenApi31WithTheAuthSchemesAndTheErrorShape() throws Exception {
        JsonNode doc = document();
        assertEquals("3.1.0", doc.path("openapi").asText());
        JsonNode schemes = doc.path("components").path("securitySchemes");
        assertEquals("basic", schemes.path("basic").path("scheme").asText());
        assertEquals("bearer", schemes.path("bearer").path("scheme").asText());
        assertEquals("error", doc.path("components").path("schemas").path("Error").path("required").path(0).asText());
    }

    @Test
    void routeTemplatesDropRegularExpressions() throws Exception {
        Method register = AuthResource.class.getDeclaredMethod("register", String.class,
                com.fasterxml.jackson.databind.JsonNode.class, jakarta.ws.rs.container.ContainerRequestContext.class);
        assertEquals("/auth/{kind}/register", RouteTemplates.of(register));
    }
}
