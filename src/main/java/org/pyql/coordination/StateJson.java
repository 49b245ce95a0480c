package org.pyql.coordination;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.pyql.state.MetadataEntity;

/**
 * Metadata rows as they travel through Hazelcast: a JSON string of the entity's fields. Strings keep Hazelcast out of
 * the application's class loading (Payara wraps Java serialization for application classes), and make the optimistic
 * {@code IMap.replace(key, old, new)} a plain string comparison.
 */
public final class StateJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .build();

    private StateJson() {
    }

    public static String write(MetadataEntity e) {
        try {
            return MAPPER.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot serialise " + e.getClass().getSimpleName() + " " + e.getId(), ex);
        }
    }

    public static <E extends MetadataEntity> E read(Class<E> type, String json) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot read " + type.getSimpleName() + " from the state map", ex);
        }
    }

    /** The version field of a stored value without building the entity. */
    public static long version(String json) {
        try {
            JsonNode v = MAPPER.readTree(json).get("version");
            return v == null ? 0 : v.asLong();
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("unreadable state value", ex);
        }
    }

    /** The entity as a JSON tree (e.g. for an API response). */
    public static JsonNode tree(MetadataEntity e) {
        return MAPPER.valueToTree(e);
    }
}
