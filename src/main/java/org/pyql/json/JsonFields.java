package org.pyql.json;

import com.fasterxml.jackson.databind.JsonNode;

import org.pyql.error.BadRequestException;

/** Reading required fields of request bodies, with the same 400 everywhere. */
public final class JsonFields {
    private JsonFields() {
    }

    /** {@code body.field} as a non-blank string, else 400 naming the field. */
    public static String requiredText(JsonNode body, String field) {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new BadRequestException("missing field " + field, "a non-empty string is required");
        }
        return v.asText();
    }
}
