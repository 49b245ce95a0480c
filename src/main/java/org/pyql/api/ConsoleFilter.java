package org.pyql.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The web console's static files ({@code webapp/console/}) at {@code /console}. JAX-RS is mapped to {@code /*}, so
 * without this filter Jersey would answer those paths (404, or 401 from {@link AuthFilter}): the filter hands them to
 * the container's default servlet instead, on Payara and Tomcat alike. The files need no credentials (they hold no
 * data and no secret); every call they make goes through the API and its {@link AuthFilter}. {@code /console} and
 * {@code /console/} redirect to the page. A content security policy keeps the page to its own scripts and to this
 * origin (no inline script, nothing fetched from elsewhere, no framing).
 */
@WebFilter(urlPatterns = {"/console", "/console/*"}, asyncSupported = true)
public class ConsoleFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        if (path.equals("/console") || path.equals("/console/")) {
            resp.setStatus(302);
            resp.setHeader("Location", req.getContextPath() + "/console/index.html");
            return;
        }
        if (!req.getMethod().equals("GET") && !req.getMethod().equals("HEAD")) {
            resp.setStatus(405);
            resp.setHeader("Allow", "GET, HEAD");
            resp.setContentType("application/json");
            JsonProvider.MAPPER.writeValue(resp.getOutputStream(),
                    JsonProvider.object("error", "method not allowed", "detail", "the console's files are read-only"));
            return;
        }
        resp.setHeader("Content-Security-Policy", CSP);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("Cache-Control", "no-cache");
        RequestDispatcher files = req.getServletContext().getNamedDispatcher("default");
        if (files == null) {
            chain.doFilter(req, resp);
            return;
        }
        files.forward(req, resp);
    }
}
