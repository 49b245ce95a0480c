package org.pyql.query;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Converts between JSON values and JDBC values for a column type, the same way on every path (insert, set, where,
 * results). str columns hold objects and arrays as canonical JSON text (keys sorted) and give them back parsed; bool
 * is a bool (NULL stays null); blob travels as base64; numbers keep their type.
 */
public final class ValueCodec {
    private ValueCodec() {
    }

    /** JSON to a bind value for a column of this type; 400 naming the column when it does not fit. */
    public static Object toBind(ColumnType type, String columnName, JsonNode value) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Streams a value read from JDBC as JSON (the hot read path: no intermediate tree). */
    public static void write(com.fasterxml.jackson.core.JsonGenerator out, ColumnType type, Object jdbcValue)
            throws java.io.IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /** A value read from JDBC ({@code ResultSet.getObject}) to JSON. */
    public static JsonNode toJson(ColumnType type, Object jdbcValue) {
        throw new UnsupportedOperationException("TODO");
    }
}
