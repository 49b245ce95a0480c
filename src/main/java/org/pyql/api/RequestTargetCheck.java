package org.pyql.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What is wrong with a request's path as it came off the wire (still percent-encoded), checked before the container
 * decodes it: Payara's decoder answers a malformed escape ({@code %zz}) with an empty 200 and a 30-line SEVERE stack
 * trace, and NUL, backslashes, bytes that are not ASCII or escapes that are not UTF-8 with an empty 400. Plain
 * logic, no container types: {@link GrizzlyErrorAnswers} applies it.
 */
public final class RequestTargetCheck {
    /** A refused path: a short code (the last segment of the error route) and the text of the answer's detail. */
    public enum Problem {
        NOT_ASCII("not-ascii", "a path holds only printable ASCII; percent-encode other bytes (as UTF-8)"),
        BAD_ESCAPE("bad-escape", "a '%' in the path must be followed by two hex digits"),
        NUL("nul", "the path may not contain NUL (%00)"),
        BACKSLASH("backslash", "the path may not contain a backslash (raw or %5C)"),
        NOT_UTF8("not-utf8", "percent-escapes in the path must decode to UTF-8");

        public final String code;
        public final String detail;

        Problem(String code, String detail) {
            this.code = code;
            this.detail = detail;
        }

        /** The problem with this code, or null. */
        public static Problem byCode(String code) {
            for (Problem p : values()) if (p.code.equals(code)) return p;
            return null;
        }
    }

    private RequestTargetCheck() {
    }

    /** The first problem of {@code rawPath} (the request-target's path, query excluded), or null when it is fine. */
    public static Problem problem(String rawPath) {
        if (rawPath == null) return null;
        int n = rawPath.length();
        byte[] decoded = null;
        int len = 0;
        for (int i = 0; i < n; i++) {
            char c = rawPath.charAt(i);
            if (c < 0x21 || c > 0x7E) return Problem.NOT_ASCII;
            if (c == '\\') return Problem.BACKSLASH;
            if (c != '%') {
                if (decoded != null) decoded[len++] = (byte) c;
                continue;
            }
            if (i + 2 >= n || hex(rawPath.charAt(i + 1)) < 0 || hex(rawPath.charAt(i + 2)) < 0) return Problem.BAD_ESCAPE;
            if (decoded == null) {
                decoded = new byte[n];
                for (int j = 0; j < i; j++) decoded[len++] = (byte) rawPath.charAt(j);
            }
            int b = hex(rawPath.charAt(i + 1)) << 4 | hex(rawPath.charAt(i + 2));
            if (b == 0) return Problem.NUL;
            if (b == '\\') return Problem.BACKSLASH;
            decoded[len++] = (byte) b;
            i += 2;
        }
        if (decoded == null) return null;   // no escapes: printable ASCII is UTF-8
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(decoded, 0, len));
            return null;
        } catch (CharacterCodingException e) {
            return Problem.NOT_UTF8;
        }
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
