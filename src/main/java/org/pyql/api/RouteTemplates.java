package org.pyql.api;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Leaves the matched route's template ({@code /cluster/{c}/table/{t}}, from the class's and the method's
 * {@code @Path}, regular expressions dropped) on the request as {@link #ROUTE}, where {@link RequestObservation} reads
 * it for the request metrics: a label per route, never per URL. One template per resource method, computed once.
 */
@Provider
public class RouteTemplates implements ContainerResponseFilter {
    static final String ROUTE = "pyql.route";
    private static final Pattern REGEX = Pattern.compile("\\{\\s*(\\w+)\\s*:[^}]*}");
    private static final Map<Method, String> CACHE = new ConcurrentHashMap<>();

    @Context
    private ResourceInfo resourceInfo;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Method m = resourceInfo == null ? null : resourceInfo.getResourceMethod();
        if (m != null) request.setProperty(ROUTE, CACHE.computeIfAbsent(m, RouteTemplates::of));
    }

    /** The template of a resource method: {@code /} + class path + method path. */
    static String of(Method m) {
        Path type = m.getDeclaringClass().getAnnotation(Path.class);
        Path own = m.getAnnotation(Path.class);
        StringBuilder b = new StringBuilder();
        for (Path p : new Path[] {type, own}) {
            if (p == null) continue;
            String v = p.value().replaceAll("^/+|/+$", "");
            if (!v.isEmpty()) b.append('/').append(v);
        }
        return b.length() == 0 ? "/" : REGEX.matcher(b).replaceAll("{$1}");
    }
}
