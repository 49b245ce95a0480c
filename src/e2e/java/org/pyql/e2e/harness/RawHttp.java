package org.pyql.e2e.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * HTTP/1.1 over a plain {@link Socket}, for what {@code java.net.http} refuses to send: both Content-Length and
 * Transfer-Encoding, pipelined requests, TRACE, oversized request lines and headers, raw bytes. {@link #exchange}
 * writes the bytes, reads until the server closes the connection (or a read times out) and splits what came back
 * into responses.
 */
public final class RawHttp {
    /** One response read off the wire. */
    public record Reply(int status, Map<String, String> headers, String body) {
        /** Header by case-insensitive name, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public JsonNode json() {
            try {
                return Json.readStrict(body);
            } catch (IOException e) {
                throw new AssertionError("body is not JSON: " + this, e);
            }
        }

        /** Fails unless this is {@code status} with Content-Type application/json and an {@code error} text. */
        public Reply expectJsonError(int expected) {
            if (status != expected) throw new AssertionError("expected status " + expected + ": " + this);
            String ct = header("content-type");
            if (ct == null || !ct.startsWith("application/json")) throw new AssertionError("not JSON: " + this);
            JsonNode e = json().get("error");
            if (e == null || !e.isTextual() || e.textValue().isBlank()) throw new AssertionError("no error text: " + this);
            return this;
        }
    }

    /** Everything the server sent back on one connection, parsed into responses, and whether it closed. */
    public record Exchange(List<Reply> replies, boolean closedByServer, String raw) {
    }

    private RawHttp() {
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static Exchange exchange(int port, byte[] request) {
        return exchange(port, request, 5_000);
    }

    /** As above, waiting up to {@code readTimeoutMillis} for each read (an answer the server sends late). */
    public static Exchange exchange(int port, byte[] request, int readTimeoutMillis) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(readTimeoutMillis);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            boolean closed = false;
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) got.write(buf, 0, n);
                closed = true;
            } catch (SocketTimeoutException stillOpen) {
                // the server kept the connection open
            } catch (IOException reset) {
                closed = true;   // a reset after the answer: closed as well
            }
            String raw = got.toString(StandardCharsets.UTF_8);
            return new Exchange(parse(raw), closed, raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Reply> parse(String raw) {
        List<Reply> out = new ArrayList<>();
        int at = 0;
        while (at < raw.length()) {
            int end = raw.indexOf("\r\n\r\n", at);
            if (end < 0 || !raw.startsWith("HTTP/1.", at)) break;
            String[] lines = raw.substring(at, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            int bodyStart = end + 4;
            String cl = headers.get("content-length");
            int bodyEnd = cl != null ? Math.min(raw.length(), bodyStart + Integer.parseInt(cl)) : raw.length();
            out.add(new Reply(status, headers, raw.substring(bodyStart, bodyEnd)));
            at = bodyEnd;
        }
        return out;
    }
}
