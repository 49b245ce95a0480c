package org.pyql.state;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The cluster's token signing keys (one row, id {@code signing}); sealed at rest, shared only through Hazelcast. */
@Entity
@Table(name = "signing_keys")
public class KeyRingEntity extends MetadataEntity {
    public static final String ID = "signing";

    @Convert(converter = SealedStringConverter.class)
    @Column(name = "keys_json", nullable = false, columnDefinition = "text")
    private String keys;

    protected KeyRingEntity() {
    }

    public KeyRingEntity(String keysJson) {
        super(ID);
        this.keys = keysJson;
    }

    public String getKeys() { return keys; }

    public void setKeys(String keys) { this.keys = keys; }

    /** Never prints the keys. */
    @Override
    public String toString() {
        return "KeyRingEntity[version " + getVersion() + "]";
    }
}
