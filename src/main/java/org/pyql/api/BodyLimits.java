package org.pyql.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;

import org.pyql.error.BadRequestException;

/**
 * What a request body may be: at most {@value #MAX_BODY_BYTES} bytes of strict UTF-8 holding JSON nested at most
 * {@value #MAX_DEPTH} levels, with strings of at most {@value #MAX_STRING_CHARS} characters, field names of at most
 * {@value #MAX_NAME_CHARS} and numbers of at most {@value #MAX_NUMBER_CHARS}, and no lone UTF-16 surrogate (a
 * {@code "\ud800"} escape names no character and a database would store it as {@code ?}). The README's Errors section
 * lists the same numbers.
 */
final class BodyLimits {
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    static final int MAX_DEPTH = 64;
    static final int MAX_STRING_CHARS = 8 * 1024 * 1024;
    static final int MAX_NAME_CHARS = 1024;
    static final int MAX_NUMBER_CHARS = 100;

    static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxStringLength(MAX_STRING_CHARS)
            .maxNameLength(MAX_NAME_CHARS)
            .maxNumberLength(MAX_NUMBER_CHARS)
            .maxDocumentLength(MAX_BODY_BYTES)
            .build();

    private BodyLimits() {
    }

    /** Thrown by the counting stream when the body outgrows {@link #MAX_BODY_BYTES}; an IOException so parsers pass it on. */
    static final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge() { super("request body larger than " + MAX_BODY_BYTES + " bytes"); }
    }

    /**
     * The body as characters, decoded strictly: an overlong form ({@code C0 A7} for {@code '}), an encoded surrogate
     * ({@code ED A0 80}) or a sequence beyond U+10FFFF makes the reader throw a
     * {@link java.nio.charset.CharacterCodingException} instead of turning into another character.
     */
    static Reader strictUtf8(InputStream body) {
        return new InputStreamReader(new Bounded(body), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    /** 400 naming the path of the first string or field name that holds a lone surrogate. */
    static void rejectLoneSurrogates(JsonNode node) {
        if (!containsLoneSurrogate(node)) return;   // the common case builds no paths
        String where = loneSurrogateAt(node, "$");
        if (where != null) {
            throw new BadRequestException("invalid string in JSON body",
                    "a lone UTF-16 surrogate (\\\\ud800-\\\\udfff without its pair) at " + where);
        }
    }

    private static boolean containsLoneSurrogate(JsonNode node) {
        if (node.isTextual()) return hasLoneSurrogate(node.textValue());
        if (node.isArray()) {
            for (JsonNode item : node) if (containsLoneSurrogate(item)) return true;
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (hasLoneSurrogate(e.getKey()) || containsLoneSurrogate(e.getValue())) return true;
            }
        }
        return false;
    }

    private static String loneSurrogateAt(JsonNode node, String path) {
        if (node.isTextual()) return hasLoneSurrogate(node.textValue()) ? path : null;
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = loneSurrogateAt(node.get(i), path + "[" + i + "]");
                if (found != null) return found;
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (hasLoneSurrogate(e.getKey())) return path + " (a field name)";
                String found = loneSurrogateAt(e.getValue(), path + "." + e.getKey());
                if (found != null) return found;
            }
        }
        return null;
    }

    static boolean hasLoneSurrogate(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** Counts the bytes read and fails once they pass {@link #MAX_BODY_BYTES}. */
    private static final class Bounded extends FilterInputStream {
        private long count;

        Bounded(InputStream in) { super(in); }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) counted(1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) counted(n);
            return n;
        }

        private void counted(int n) throws BodyTooLarge {
            count += n;
            if (count > MAX_BODY_BYTES) throw new BodyTooLarge();
        }
    }
}
