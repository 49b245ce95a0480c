package org.pyql.endpoint;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;

import org.pyql.json.JsonWritable;
import org.pyql.query.OutputColumn;
import org.pyql.query.ValueCodec;

/** The rows of a select, written as the original's {@code {"data": [{key: value, ...}, ...]}}. */
public record RowSet(List<OutputColumn> columns, List<Object[]> rows) implements JsonWritable {

    public boolean isEmpty() { return rows.isEmpty(); }

    @Override
    public void writeTo(JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeFieldName("data");
        out.writeStartArray();
        int n = columns.size();
        for (Object[] row : rows) {
            out.writeStartObject();
            for (int i = 0; i < n; i++) {
                OutputColumn c = columns.get(i);
                out.writeFieldName(c.key());
                ValueCodec.write(out, c.type(), row[i]);
            }
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    }
}
