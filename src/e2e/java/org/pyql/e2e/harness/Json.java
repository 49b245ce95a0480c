package org.pyql.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON helpers for tests. {@link #parse} accepts single-quoted strings, so bodies read well in Java source. */
public final class Json {
    /** Strict mapper (responses). */
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonParser.Feature.ALLOW_SINGLE_QUOTES)
            .build();

    private Json() {
    }

    /** Parses JSON that may use single quotes: {@code Json.parse("{'select': ['*']}")}. */
    public static JsonNode parse(String json) {
        try {
            return LENIENT.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON in test: " + json, e);
        }
    }

    public static ObjectNode object(String json) {
        JsonNode n = parse(json);
        if (!n.isObject()) throw new IllegalArgumentException("not a JSON object: " + json);
        return (ObjectNode) n;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Any Java value (maps, lists, records, JsonNode) as a tree. */
    public static JsonNode tree(Object value) {
        return value instanceof JsonNode n ? n : MAPPER.valueToTree(value);
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readStrict(String text) throws IOException {
        return MAPPER.readTree(text);
    }
}
