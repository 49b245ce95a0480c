package org.pyql.state;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A named node setting that must survive restarts (node id, signing keys). */
@Entity
@Table(name = "node_settings")
public class SettingEntity {
    @Id
    @Column(length = 128)
    private String name;
    @Column(name = "setting_value", nullable = false, length = 4096)
    private String value;

    protected SettingEntity() {
    }

    public SettingEntity(String name, String value) {
        this.name = name;
        this.value = value;
    }

    public String getName() { return name; }

    public String getValue() { return value; }

    public void setValue(String value) { this.value = value; }
}
