package org.pyql.api;

import java.io.IOException;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.pyql.logging.RequestIds;
import org.pyql.metrics.PyqlMetrics;

/**
 * Around every request: its id ({@code X-Request-Id}, the caller's when sane, else a new one) is echoed in the
 * response and set for the log records of the serving thread, and when the answer is written the request is counted
 * with its latency under the route template {@link RouteTemplates} left ({@code unmatched} for a path no route
 * serves, so unknown URLs cannot blow up the label set). Declared in web.xml, first of the filters.
 */
public class RequestObservation extends HttpFilter {
    private static final long serialVersionUID = 1L;
    static final String UNMATCHED = "unmatched";
    /** The client's address, as a request attribute for the JAX-RS filters (see AuthFilter). */
    static final String REMOTE_ADDRESS = "pyql.remoteAddress";

    private transient volatile PyqlMetrics metrics;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        String id = RequestIds.acceptOrCreate(req.getHeader(RequestIds.HEADER));
        resp.setHeader(RequestIds.HEADER, id);
        req.setAttribute(REMOTE_ADDRESS, req.getRemoteAddr());
        RequestIds.set(id);
        try {
            chain.doFilter(req, new KeepsRequestId(resp, id));
        } finally {
            RequestIds.clear();
            Object route = req.getAttribute(RouteTemplates.ROUTE);
            metrics().request(method(req.getMethod()), route instanceof String s ? s : UNMATCHED, resp.getStatus(),
                    System.nanoTime() - start);
        }
    }

    /** A filter that answers itself resets the response (HttpFramingFilter): the request id header survives that. */
    private static final class KeepsRequestId extends jakarta.servlet.http.HttpServletResponseWrapper {
        private final String id;

        KeepsRequestId(HttpServletResponse resp, String id) {
            super(resp);
            this.id = id;
        }

        @Override
        public void reset() {
            super.reset();
            setHeader(RequestIds.HEADER, id);
        }
    }

    /** The standard methods as they are, anything else as one label value. */
    private static String method(String m) {
        return switch (m) {
            case "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE" -> m;
            default -> "other";
        };
    }

    /** The application's metrics bean (looked up once: filters are made by the container, not by CDI on Tomcat). */
    private PyqlMetrics metrics() {
        PyqlMetrics m = metrics;
        if (m == null) metrics = m = CDI.current().select(PyqlMetrics.class).get();
        return m;
    }
}
