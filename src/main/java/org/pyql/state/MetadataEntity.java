package org.pyql.state;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/**
 * Common columns of the replicated cluster metadata (nodes, clusters, endpoints, tables, replicas, jobs). The live copy
 * is in Hazelcast maps; every node keeps all of it in its local state DB, so any single survivor can restore the rest
 * (org.pyql.coordination.ClusterStateService).
 *
 * <p>{@code version} is the cluster-wide version, assigned by the writer under quorum with an optimistic check (it is
 * deliberately not a JPA {@code @Version}: a node stores whatever version the cluster assigned, and keeps the higher
 * one). A delete leaves a tombstone ({@code deleted}) so that a node with an old copy cannot bring the row back.
 */
@MappedSuperclass
public abstract class MetadataEntity {
    @Id
    @Column(length = 200)
    private String id;
    @Column(name = "row_version", nullable = false)
    private long version;
    @Column(nullable = false)
    private boolean deleted;
    @Column(name = "updated_at", nullable = false)
    private long updatedAt;
    @Column(name = "updated_by", length = 64)
    private String updatedBy;

    protected MetadataEntity() {
    }

    protected MetadataEntity(String id) {
        this.id = id;
    }

    public String getId() { return id; }

    public long getVersion() { return version; }

    public boolean isDeleted() { return deleted; }

    public long getUpdatedAt() { return updatedAt; }

    public String getUpdatedBy() { return updatedBy; }

    /** Set by the writer (ClusterStateService) only. */
    public void stamp(long version, boolean deleted, long updatedAt, String updatedBy) {
        this.version = version;
        this.deleted = deleted;
        this.updatedAt = updatedAt;
        this.updatedBy = updatedBy;
    }
}
