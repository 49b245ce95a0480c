package org.pyql.state;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A data cluster (and the control-plane cluster {@code pyql} itself): name, owner and who it is shared with. */
@Entity
@Table(name = "clusters")
public class ClusterEntity extends MetadataEntity {
    @Column(nullable = false, length = 128)
    private String name;
    /** Principal id of the owner. */
    @Column(length = 64)
    private String owner;
    /** JSON array of principal ids the cluster is shared with. */
    @Column(name = "access_list", columnDefinition = "text")
    private String access;
    @Column(name = "created_at", nullable = false)
    private long createdAt;

    protected ClusterEntity() {
    }

    public ClusterEntity(String id, String name, String owner, String access, long createdAt) {
        super(id);
        this.name = name;
        this.owner = owner;
        this.access = access;
        this.createdAt = createdAt;
    }

    public String getName() { return name; }

    public String getOwner() { return owner; }

    public String getAccess() { return access; }

    public void setAccess(String access) { this.access = access; }

    public long getCreatedAt() { return createdAt; }
}
