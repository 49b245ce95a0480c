package org.pyql.endpoint.replication;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import org.pyql.error.PyqlException;
import org.pyql.json.JsonWritable;

/**
 * The JSON an op's outcome carries: exactly what {@code /db} answers for the same write (its {@code WriteResult}, or
 * the error body {@code {"error", "detail"}}), and the text form the replication log stores.
 */
final class OutcomeJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private OutcomeJson() {
    }

    /** A streamed answer ({@code WriteResult}) as a tree, through the same {@code writeTo} that {@code /db} uses. */
    static JsonNode of(JsonWritable answer) {
        try (TokenBuffer buffer = new TokenBuffer(MAPPER, false)) {
            answer.writeTo(buffer);
            return MAPPER.readTree(buffer.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The error body of the API's error mapper: {@code error}, and {@code detail} when there is one. */
    static ObjectNode error(PyqlException e) {
        return error(e.error(), e.detail());
    }

    static ObjectNode error(String error, String detail) {
        ObjectNode o = MAPPER.createObjectNode().put("error", error);
        if (detail != null) o.put("detail", detail);
        return o;
    }

    static String text(JsonNode node) {
        if (node == null || node.isMissingNode()) return null;
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String text) {
        if (text == null) return null;
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable JSON in the replication log", e);
        }
    }
}
