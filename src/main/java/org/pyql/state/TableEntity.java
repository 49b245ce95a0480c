package org.pyql.state;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A replicated table of a data cluster: its definition and write flags. */
@Entity
@Table(name = "cluster_tables")
public class TableEntity extends MetadataEntity {
    @Column(name = "cluster_id", nullable = false, length = 64)
    private String clusterId;
    @Column(nullable = false, length = 128)
    private String name;
    /** The table definition as JSON ({columns, primary_key, foreign_keys}). */
    @Column(name = "table_config", columnDefinition = "text")
    private String config;
    @Column(nullable = false)
    private boolean consistency;
    @Column(nullable = false)
    private boolean paused;

    protected TableEntity() {
    }

    public TableEntity(String id, String clusterId, String name, String config, boolean consistency) {
        super(id);
        this.clusterId = clusterId;
        this.name = name;
        this.config = config;
        this.consistency = consistency;
    }

    public String getClusterId() { return clusterId; }

    public String getName() { return name; }

    public String getConfig() { return config; }

    public void setConfig(String config) { this.config = config; }

    public boolean isConsistency() { return consistency; }

    public boolean isPaused() { return paused; }

    public void setPaused(boolean paused) { this.paused = paused; }
}
