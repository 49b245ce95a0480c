package org.pyql.api;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Turns an answer Payara's HTTP layer (Grizzly) wrote itself, before the application saw the request, into the JSON
 * error shape. Those answers are a status line and headers with {@code Content-Length: 0} and no
 * {@code Content-Type}: a malformed header or Content-Length, both Transfer-Encoding and Content-Length, a
 * bad chunk, a missing Host, a request line or headers above the read buffer, an unsupported HTTP version, a path
 * the container cannot map. The application never answers an error that way (every answer of its own has a
 * Content-Type), so the rule cannot touch one of its answers. Plain bytes in, bytes out; {@link GrizzlyErrorAnswers}
 * applies it to what the listener writes.
 */
public final class ContainerAnswers {
    /** An answer longer than this is not one of the container's empty error answers (they are about 150 bytes). */
    static final int MAX_HEAD_BYTES = 2048;

    private ContainerAnswers() {
    }

    /** The answer {@code head} as JSON, or null when it is not an empty container error answer. */
    public static byte[] rewrite(byte[] head) {
        if (head.length > MAX_HEAD_BYTES || head.length < 16) return null;
        String text = new String(head, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.") || !text.endsWith("\r\n\r\n") || text.indexOf("\r\n\r\n") != text.length() - 4) return null;
        String[] lines = text.substring(0, text.length() - 4).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || statusLine[1].length() != 3) return null;
        int status;
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (NumberFormatException e) {
            return null;
        }
        if (status < 400 || status > 599) return null;
        boolean closes = false;
        StringBuilder kept = new StringBuilder(lines[0]).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-type:")) return null;
            if (lower.startsWith("transfer-encoding:")) return null;
            if (lower.startsWith("content-length:")) {
                if (!lower.substring("content-length:".length()).trim().equals("0")) return null;
                continue;
            }
            if (lower.startsWith("connection:") && lower.contains("close")) closes = true;
            kept.append(line).append("\r\n");
        }
        // no Content-Length and no Transfer-Encoding: the container sent no body either (e.g. its answer to CONNECT)
        // the answer always says Connection: close (Grizzly closes after most of them anyway): a client that sent
        // HEAD then cannot read the added body as the start of a next answer
        if (!closes) kept.append("Connection: close\r\n");
        byte[] body = body(status, statusLine.length > 2 ? statusLine[2] : "");
        kept.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n\r\n");
        byte[] start = kept.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[start.length + body.length];
        System.arraycopy(start, 0, out, 0, start.length);
        System.arraycopy(body, 0, out, start.length, body.length);
        return out;
    }

    /** The JSON error for a container answer with this status and reason phrase. */
    static byte[] body(int status, String reason) {
        String error;
        String detail;
        if (status == 505) {
            error = "HTTP version not supported";
            detail = "only HTTP/1.0 and HTTP/1.1 are served";
        } else if (status == 400 && reason.startsWith("Invalid URI")) {
            error = "invalid request target";
            detail = reason.contains(":") ? reason.substring(reason.indexOf(':') + 1).trim()
                    : "the path cannot be mapped (e.g. '..' above the root)";
        } else if (status == 400) {
            error = "malformed HTTP request";
            detail = "refused by the HTTP layer before the application: a request line or header that is not"
                    + " well-formed ASCII, a bad or repeated Content-Length, Transfer-Encoding with Content-Length,"
                    + " a malformed chunk, no Host, or a request line or headers above 128 KiB";
        } else {
            error = reason.isBlank() ? "request failed" : reason.toLowerCase(Locale.ROOT);
            detail = "HTTP " + status;
        }
        return json(error, detail);
    }

    /** {@code {"error", "detail"}} as bytes. */
    static byte[] json(String error, String detail) {
        try {
            return JsonProvider.MAPPER.writeValueAsBytes(JsonProvider.object("error", error, "detail", detail));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
