package org.pyql.state;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A pyql cluster node that has joined (the original's pyql "endpoints"): the registry behind "missing" nodes. */
@Entity
@Table(name = "cluster_nodes")
public class NodeEntity extends MetadataEntity {
    /** {@code http://host:port} of the node's API. */
    @Column(name = "http_address", length = 255)
    private String httpAddress;
    /** {@code host:port} of its Hazelcast member. */
    @Column(name = "hz_address", length = 255)
    private String hzAddress;
    @Column(length = 16)
    private String role;
    @Column(name = "joined_at", nullable = false)
    private long joinedAt;

    protected NodeEntity() {
    }

    public NodeEntity(String nodeId, String httpAddress, String hzAddress, String role, long joinedAt) {
        super(nodeId);
        this.httpAddress = httpAddress;
        this.hzAddress = hzAddress;
        this.role = role;
        this.joinedAt = joinedAt;
    }

    public String getHttpAddress() { return httpAddress; }

    public void setHttpAddress(String httpAddress) { this.httpAddress = httpAddress; }

    public String getHzAddress() { return hzAddress; }

    public void setHzAddress(String hzAddress) { this.hzAddress = hzAddress; }

    public String getRole() { return role; }

    public long getJoinedAt() { return joinedAt; }
}
