package org.pyql.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;

import org.pyql.error.BadRequestException;
import org.pyql.json.JsonWritable;

/**
 * Reads request bodies as Jackson trees (whatever Content-Type curl sent) and writes {@link JsonNode}s ({@link JsonWritableWriter}
 * writes streamed bodies). Each writer is typed narrowly so that Payara's JSON-B provider never wins the selection. One mapper for the whole service; JSON-B is never involved.
 */
@Provider
@Consumes(MediaType.WILDCARD)
@Produces({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class JsonProvider implements MessageBodyReader<JsonNode>, MessageBodyWriter<JsonNode> {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)   // {"a":1,"a":2} is a client mistake, not "last wins"
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)   // '{..} junk' too
            .build();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return JsonNode.class.isAssignableFrom(type);
    }

    @Override
    public JsonNode readFrom(Class<JsonNode> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                             MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        try {
            JsonNode node = MAPPER.readTree(entityStream);
            return node == null ? MissingNode.getInstance() : node;
        } catch (JsonParseException | com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            throw new BadRequestException("malformed JSON body", e.getOriginalMessage());
        }
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return JsonNode.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(JsonNode value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream) throws IOException {
        write(out -> MAPPER.writeTree(out, value), httpHeaders, entityStream);
    }

    static void write(JsonWritable body, MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream)
            throws IOException {
        httpHeaders.putSingle("Content-Type", MediaType.APPLICATION_JSON);
        try (JsonGenerator out = FACTORY.createGenerator(entityStream)) {
            out.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            body.writeTo(out);
        }
    }

    /** A small JSON object from alternating field names and values, for messages and errors. */
    public static com.fasterxml.jackson.databind.node.ObjectNode object(Object... namesAndValues) {
        com.fasterxml.jackson.databind.node.ObjectNode o = MAPPER.createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object v = namesAndValues[i + 1];
            if (v != null) o.set((String) namesAndValues[i], MAPPER.valueToTree(v));
        }
        return o;
    }
}
