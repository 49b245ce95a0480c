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
            writeNode(g, node, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /**
     * Writes a tree with plain generator calls, so it works on any generator (writeTree needs an ObjectCodec, which a
     * generator from a bare JsonFactory lacks). {@code sortKeys} gives the canonical form.
     */
    static void writeNode(JsonGenerator g, JsonNode node, boolean sortKeys) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>(node.size());
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                    names.add(it.next());
                }
                if (sortKeys) Collections.sort(names);
                g.writeStartObject();
                for (String name : names) {
                    g.writeFieldName(name);
                    writeNode(g, node.get(name), sortKeys);
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode item : node) {
                    writeNode(g, item, sortKeys);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> g.writeNumber(node.intValue());
                    case LONG -> g.writeNumber(node.longValue());
                    case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
                    case FLOAT -> g.writeNumber(node.floatValue());
                    case DOUBLE -> g.writeNumber(node.doubleValue());
                    default -> g.writeNumber(node.decimalValue());
                }
            }
            case BINARY -> g.writeBinary(node.binaryValue());
            case NULL, MISSING -> g.writeNull();
            default -> g.writeString(node.asText()); // POJO nodes do not come out of parsing
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
