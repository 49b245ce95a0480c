package org.pyql.api;

import java.io.IOException;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * HTTP/1.1 framing rules the container does not enforce, checked before any resource runs, each answered with the
 * JSON error shape and {@code Connection: close}:
 * <ul>
 * <li>a request with both {@code Content-Length} and {@code Transfer-Encoding}, or a transfer coding other than
 * {@code chunked}, is a 400 (RFC 9112 §6.1: a proxy that trusts {@code Content-Length} would see the bytes after the
 * chunked end as part of this request, Grizzly runs them as a second one). Grizzly hides a Content-Length that comes
 * before the Transfer-Encoding header, so every chunked request is also answered with {@code Connection: close} and
 * nothing after it on that connection runs;</li>
 * <li>a request that arrives on a connection after one that asked to close it ({@code Connection: close}, or HTTP/1.0
 * without keep-alive), or after a request refused here, is not executed: Grizzly parses and runs pipelined bytes
 * that follow such a request although it closes the connection after answering;</li>
 * <li>more than one {@code Host} header is a 400 (RFC 9112 §3.2), a {@code Content-Encoding} other than
 * {@code identity} a 415 (the body would be read as if it were plain);</li>
 * <li>TRACE is a 405 (the request would be echoed, headers and credentials included);</li>
 * <li>a request line longer than {@value #MAX_URI_CHARS} characters is a 414, headers of more than
 * {@value #MAX_HEADER_BYTES} bytes together a 431, and a path holding NUL or a backslash after decoding a 400.</li>
 * </ul>
 *
 * <p>A connection is recognised by its address pair (remote address and port, local port): the server closes it
 * after the answer, so the same pair cannot carry a new connection while its mark lasts (the server side of a
 * closed TCP connection stays in TIME_WAIT for 60 s, longer than {@link #CLOSING_MARK_NANOS}). The mark is renewed
 * when the request is answered, because Grizzly parses the pipelined request only then.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class HttpFramingFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(HttpFramingFilter.class.getName());
    static final int MAX_URI_CHARS = 8 * 1024;
    static final int MAX_HEADER_BYTES = 32 * 1024;
    private static final long CLOSING_MARK_NANOS = 5_000_000_000L;
    private static final int MAX_MARKS = 10_000;

    /** Connections that must carry no further request, to the time they were marked. */
    private static final Map<String, Long> CLOSING = new ConcurrentHashMap<>();

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        String connection = connectionKey(req);
        Long marked = CLOSING.get(connection);
        if (marked != null) {
            if (System.nanoTime() - marked < CLOSING_MARK_NANOS) {
                refuse(resp, 400, "request after the connection was closed",
                        "a request pipelined after 'Connection: close' or a refused request is not executed", connection);
                return;
            }
            CLOSING.remove(connection, marked);
        }
        Refusal refusal = framingProblem(req);
        if (refusal != null) {
            if (refusal.status() == 405) resp.setHeader("Allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS");
            refuse(resp, refusal.status(), refusal.error(), refusal.detail(), connection);
            return;
        }
        boolean closing = false;
        if (req.getHeader("Transfer-Encoding") != null) {
            // Grizzly drops a Content-Length that precedes "Transfer-Encoding: chunked" (and its value) before the
            // application sees the request, so CL.TE cannot always be recognised here: RFC 9112 6.1 asks to close
            // the connection after answering a chunked request that may have carried both; whatever follows the
            // chunked body on this connection is then refused, never run.
            resp.setHeader("Connection", "close");
            closing = true;
        } else if (asksToClose(req)) {
            closing = true;
        }
        if (!closing) {
            chain.doFilter(req, resp);
            return;
        }
        mark(connection);
        try {
            chain.doFilter(req, resp);
        } finally {
            mark(connection);   // again: the next request on the connection is parsed once this one is answered
        }
    }

    /** Why a request is refused: the answer's status and its {@code error} and {@code detail}. */
    record Refusal(int status, String error, String detail) {
    }

    /** The first rule the request breaks, or null. */
    static Refusal framingProblem(HttpServletRequest req) {
        String te = req.getHeader("Transfer-Encoding");
        if (te != null) {
            if (req.getHeader("Content-Length") != null) {
                return new Refusal(400, "both Content-Length and Transfer-Encoding", "a request may carry only one of them (RFC 9112 6.1)");
            }
            if (!te.trim().equalsIgnoreCase("chunked") || countHeaders(req, "Transfer-Encoding") > 1) {
                return new Refusal(400, "unsupported Transfer-Encoding", "only a single 'chunked' is accepted");
            }
        }
        if (countHeaders(req, "Content-Length") > 1) {
            return new Refusal(400, "more than one Content-Length", "a request carries at most one Content-Length");
        }
        String ce = req.getHeader("Content-Encoding");
        if (ce != null && !ce.isBlank() && !ce.trim().equalsIgnoreCase("identity")) {
            // the body would be read as if it were not encoded: refused instead of silently misread
            return new Refusal(415, "unsupported Content-Encoding", "request bodies are not compressed; send them as plain UTF-8 JSON");
        }
        if (countHeaders(req, "Host") > 1) {
            return new Refusal(400, "more than one Host", "a request carries exactly one Host (RFC 9112 3.2)");
        }
        if ("TRACE".equalsIgnoreCase(req.getMethod())) {
            return new Refusal(405, "method not allowed", "TRACE is not supported");
        }
        String uri = req.getRequestURI();
        String query = req.getQueryString();
        if ((uri == null ? 0 : uri.length()) + (query == null ? 0 : query.length()) > MAX_URI_CHARS) {
            return new Refusal(414, "request URI too long", "at most " + MAX_URI_CHARS + " characters");
        }
        if (headerBytes(req) > MAX_HEADER_BYTES) {
            return new Refusal(431, "request headers too large", "at most " + MAX_HEADER_BYTES + " bytes of headers");
        }
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        if (path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0 || uri != null && uri.indexOf('\\') >= 0) {
            return new Refusal(400, "invalid request path", "the path may not contain NUL or a backslash");
        }
        return null;
    }

    private static int countHeaders(HttpServletRequest req, String name) {
        int n = 0;
        for (Enumeration<String> e = req.getHeaders(name); e != null && e.hasMoreElements(); e.nextElement()) n++;
        return n;
    }

    private static long headerBytes(HttpServletRequest req) {
        long total = 0;
        for (Enumeration<String> names = req.getHeaderNames(); names != null && names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = req.getHeaders(name); values.hasMoreElements(); ) {
                total += name.length() + 4 + values.nextElement().length();
            }
        }
        return total;
    }

    private static boolean asksToClose(HttpServletRequest req) {
        String c = req.getHeader("Connection");
        String value = c == null ? "" : c.toLowerCase(Locale.ROOT);
        if (value.contains("close")) return true;
        return "HTTP/1.0".equals(req.getProtocol()) && !value.contains("keep-alive");
    }

    private static String connectionKey(HttpServletRequest req) {
        return req.getRemoteAddr() + ":" + req.getRemotePort() + ">" + req.getLocalPort();
    }

    private static void mark(String connection) {
        if (CLOSING.size() > MAX_MARKS) {
            long now = System.nanoTime();
            CLOSING.values().removeIf(t -> now - t > CLOSING_MARK_NANOS);
            if (CLOSING.size() > MAX_MARKS) CLOSING.clear();   // bounded: a flood of connections cannot exhaust memory
        }
        CLOSING.put(connection, System.nanoTime());
    }

    /** Marks the connection of {@code req} so that nothing pipelined after this request on it runs. */
    static void closeAfter(HttpServletRequest req, HttpServletResponse resp) {
        mark(connectionKey(req));
        resp.setHeader("Connection", "close");
    }

    private static void refuse(HttpServletResponse resp, int status, String error, String detail, String connection) {
        mark(connection);
        LOG.info(() -> "refused request from " + connection + ": " + status + " " + error);
        resp.reset();
        resp.setStatus(status);
        resp.setHeader("Connection", "close");
        resp.setContentType("application/json");
        writeJson(resp, JsonProvider.object("error", error, "detail", detail));
    }

    /**
     * Writes an error body; a connection the client or Grizzly already closed (a request pipelined after one that
     * closed it) is not worth the container's stack traces: the answer is dropped with a FINE line.
     */
    static void writeJson(HttpServletResponse resp, Object body) {
        try {
            JsonProvider.MAPPER.writeValue(resp.getOutputStream(), body);
            resp.flushBuffer();
        } catch (IOException closed) {
            LOG.fine(() -> "answer not delivered, the connection is closed: " + closed);
        }
    }
}
