package org.pyql.endpoint;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

import org.pyql.json.JsonWritable;

/** The outcome of one write request: the original's message ({@code items added} / {@code OK}) and the rows touched. */
public record WriteResult(String message, long rows) implements JsonWritable {
    static WriteResult inserted(long rows) { return new WriteResult("items added", rows); }

    static WriteResult changed(long rows) { return new WriteResult("OK", rows); }

    @Override
    public void writeTo(JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeStringField("message", message);
        out.writeNumberField("rows", rows);
        out.writeEndObject();
    }
}
