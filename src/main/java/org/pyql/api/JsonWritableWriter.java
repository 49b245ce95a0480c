package org.pyql.api;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;

import org.pyql.json.JsonWritable;

/** Streams {@link JsonWritable} bodies (row sets, write results) straight to the response. */
@Provider
@Produces({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class JsonWritableWriter implements MessageBodyWriter<JsonWritable> {
    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return JsonWritable.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(JsonWritable value, Class<?> type, Type genericType, Annotation[] annotations,
                        MediaType mediaType, MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream)
            throws IOException {
        JsonProvider.write(value, httpHeaders, entityStream);
    }
}
