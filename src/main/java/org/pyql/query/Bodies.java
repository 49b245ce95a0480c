package org.pyql.query;

import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pyql.error.BadRequestException;

/** Shape checks shared by the body parsers, so every malformed body fails with a 400 that names the part. */
final class Bodies {
    private Bodies() {
    }

    static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    static ObjectNode object(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new BadRequestException(what + " must be a JSON object", "got " + kind(node));
        }
        return (ObjectNode) node;
    }

    /** Unknown keys are rejected rather than ignored: a typo (e.g. "oderby") must not silently change a result. */
    static void onlyKeys(JsonNode object, List<String> allowed, String what) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new BadRequestException("unknown key '" + name + "' in " + what, "allowed keys: " + allowed);
            }
        }
    }

    static String text(JsonNode node, String what) {
        if (node == null || !node.isTextual()) {
            throw new BadRequestException(what + " must be a string", "got " + kind(node));
        }
        return node.textValue();
    }

    static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) return "nothing";
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
