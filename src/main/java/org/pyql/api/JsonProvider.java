package org.pyql.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.CharacterCodingException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
import org.pyql.error.PayloadTooLargeException;
import org.pyql.json.JsonWritable;

/**
 * Reads request bodies as Jackson trees (whatever Content-Type curl sent) and writes {@link JsonNode}s ({@link JsonWritableWriter}
 * writes streamed bodies). Each writer is typed narrowly so that Payara's JSON-B provider never wins the selection. One mapper for the whole service; JSON-B is never involved.
 */
@Provider
@Consumes(MediaType.WILDCARD)
@Produces({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class JsonProvider implements MessageBodyReader<JsonNode>, MessageBodyWriter<JsonNode> {
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(BodyLimits.CONSTRAINTS).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)   // {"a":1,"a":2} is a client mistake, not "last wins"
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)   // '{..} junk' too
            .build();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return JsonNode.class.isAssignableFrom(type);
    }

    /**
     * Every failure is a 400 or 413 that names the problem, never Jackson's or the decoder's class: the limits of
     * {@link BodyLimits}, strict UTF-8, no lone surrogates, well-formed JSON.
     */
    @Override
    public JsonNode readFrom(Class<JsonNode> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                             MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        String declared = httpHeaders == null ? null : httpHeaders.getFirst("Content-Length");
        if (declared != null && declared.length() > 0 && declared.chars().allMatch(Character::isDigit)
                && (declared.length() > 10 || Long.parseLong(declared) > BodyLimits.MAX_BODY_BYTES)) {
            throw tooLarge();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(BodyLimits.strictUtf8(entityStream));
        } catch (BodyLimits.BodyTooLarge e) {
            throw tooLarge();
        } catch (CharacterCodingException e) {
            throw new BadRequestException("invalid UTF-8 in request body",
                    "the body must be UTF-8 without overlong forms, encoded surrogates or code points above U+10FFFF");
        } catch (StreamConstraintsException e) {
            throw new BadRequestException("JSON body exceeds a limit", constraintDetail(e));
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof BodyLimits.BodyTooLarge) throw tooLarge();
            throw new BadRequestException("malformed JSON body", parseDetail(e));
        }
        if (node == null) return MissingNode.getInstance();
        BodyLimits.rejectLoneSurrogates(node);
        return node;
    }

    private static PayloadTooLargeException tooLarge() {
        return new PayloadTooLargeException("request body too large",
                "at most " + BodyLimits.MAX_BODY_BYTES + " bytes; split a bulk insert into several requests");
    }

    /** Which limit a body hit, in our words (Jackson's text names its own configuration methods). */
    private static String constraintDetail(StreamConstraintsException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().toLowerCase(java.util.Locale.ROOT);
        if (m.contains("nesting depth")) return "JSON nested deeper than " + BodyLimits.MAX_DEPTH + " levels";
        if (m.contains("name length")) return "a field name longer than " + BodyLimits.MAX_NAME_CHARS + " characters";
        if (m.contains("string value length")) return "a string longer than " + BodyLimits.MAX_STRING_CHARS + " characters";
        if (m.contains("number value length")) return "a number longer than " + BodyLimits.MAX_NUMBER_CHARS + " characters";
        if (m.contains("document length")) return "a body longer than " + BodyLimits.MAX_BODY_BYTES + " bytes";
        return "the body exceeds a JSON size limit";
    }

    /** Jackson's own message with its position, unless it names Java types or features (trailing-token errors do). */
    private static String parseDetail(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        var at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        if (m == null || m.contains("`") || m.contains("com.fasterxml") || m.contains("java.")) {
            if (m != null && m.startsWith("Trailing token")) return "unexpected content after the JSON value" + where;
            return "not a JSON value" + where;
        }
        return m + where;
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
