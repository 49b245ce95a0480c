package org.pyql.json;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

/** A response body that streams itself as JSON (row sets are written without building a tree first). */
@FunctionalInterface
public interface JsonWritable {
    void writeTo(JsonGenerator out) throws IOException;
}
