package org.pyql.query;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * JSON objects and arrays stored in str columns are written as canonical text (object keys sorted recursively,
 * compact), so equality on a JSON value in a where clause matches regardless of the key order the client used.
 * Reading back parses text that starts with '{' or '[' only if the whole text is JSON; anything else stays a string.
 */
final class CanonicalJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** ObjectReader and JsonFactory are immutable and thread-safe once built. */
    private static final ObjectReader READER = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private CanonicalJson() {
    }

    static String write(JsonNode node) {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeSorted(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void writeSorted(JsonGenerator g, JsonNode node) throws IOException {
        if (node.isObject()) {
            List<String> names = new ArrayList<>(node.size());
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            Collections.sort(names);
            g.writeStartObject();
            for (String name : names) {
                g.writeFieldName(name);
                writeSorted(g, node.get(name));
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode item : node) {
                writeSorted(g, item);
            }
            g.writeEndArray();
        } else {
            g.writeTree(node);
        }
    }

    /** The parsed value when {@code text} is a JSON object or array, else null (the caller keeps the string). */
    static JsonNode parseIfJson(String text) {
        if (text.isEmpty()) return null;
        char first = text.charAt(0);
        if (first != '{' && first != '[') return null;
        try {
            return READER.readTree(text);
        } catch (JsonProcessingException e) {
            return null; // plain text that merely starts with a bracket
        }
    }
}
