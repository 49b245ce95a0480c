package org.pyql.state;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a String column sealed by {@link SecretSealer}; in memory (and in Hazelcast) the value stays plain. */
@Converter
public class SealedStringConverter implements AttributeConverter<String, String> {
    @Override
    public String convertToDatabaseColumn(String attribute) {
        return SecretSealer.seal(attribute);
    }

    @Override
    public String convertToEntityAttribute(String dbData) {
        return SecretSealer.open(dbData);
    }
}
