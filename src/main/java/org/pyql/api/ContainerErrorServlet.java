package org.pyql.api;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The servlet container's error page (web.xml): requests JAX-RS never sees, such as {@code /WEB-INF/...}, still get
 * the JSON error shape instead of the container's HTML page.
 */
@WebServlet(urlPatterns = "/pyql-container-error")
public class ContainerErrorServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 404;
        resp.setStatus(status);
        resp.setContentType("application/json");
        String error = status == 404 ? "not found" : status >= 500 ? "internal error" : "request failed";
        JsonProvider.MAPPER.writeValue(resp.getOutputStream(),
                JsonProvider.object("error", error, "detail", status == 404 ? "no such route" : "HTTP " + status));
    }
}
