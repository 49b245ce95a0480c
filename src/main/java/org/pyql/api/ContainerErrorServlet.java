package org.pyql.api;

import java.io.IOException;
import java.util.logging.Logger;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The servlet container's error page (web.xml): requests JAX-RS never sees, such as {@code /WEB-INF/...}, still get
 * the JSON error shape instead of the container's HTML page. Also the target of requests whose path Payara could not
 * decode ({@link GrizzlyErrorAnswers.TargetGuard} routes them to {@code /pyql-container-error/invalid-target/<code>}):
 * a JSON 400 naming the problem, logged in one line.
 */
@WebServlet(urlPatterns = {"/pyql-container-error", "/pyql-container-error/*"})
public class ContainerErrorServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ContainerErrorServlet.class.getName());

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String info = req.getPathInfo();
        if (req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null && info != null
                && info.startsWith("/invalid-target/")) {
            RequestTargetCheck.Problem problem = RequestTargetCheck.Problem.byCode(info.substring("/invalid-target/".length()));
            String detail = problem == null ? "the request path is not valid" : problem.detail;
            LOG.info(() -> "refused request from " + req.getRemoteAddr() + ":" + req.getRemotePort()
                    + ": 400 invalid request path (" + (problem == null ? "?" : problem.code) + ")");
            resp.setStatus(400);
            resp.setContentType("application/json");
            HttpFramingFilter.closeAfter(req, resp);   // Grizzly closes after a 400 but would still run what follows
            HttpFramingFilter.writeJson(resp, JsonProvider.object("error", "invalid request path", "detail", detail));
            return;
        }
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 404;
        resp.setStatus(status);
        resp.setContentType("application/json");
        String error = switch (status) {
            case 400 -> "bad request";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            default -> status >= 500 ? "internal error" : "request failed";
        };
        HttpFramingFilter.writeJson(resp, JsonProvider.object("error", error, "detail", detail(req, status)));
    }

    /** The container's message (e.g. Jersey's for a malformed Accept header) when it names no internal class. */
    private static String detail(HttpServletRequest req, int status) {
        if (status == 404) return "no such route";
        Object m = req.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        String text = m instanceof String t ? t.trim() : "";
        if (!text.isEmpty() && text.length() <= 200 && !text.contains("Exception") && !text.contains("java.")
                && !text.contains("org.")) {
            return text;
        }
        return "HTTP " + status;
    }
}
