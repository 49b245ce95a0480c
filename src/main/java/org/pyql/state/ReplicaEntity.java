package org.pyql.state;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** One table replica on one endpoint (the original's {@code state} row): the routing table. */
@Entity
@Table(name = "replicas")
public class ReplicaEntity extends MetadataEntity {
    @Column(name = "cluster_id", nullable = false, length = 64)
    private String clusterId;
    @Column(name = "table_name", nullable = false, length = 128)
    private String tableName;
    @Column(name = "endpoint_id", nullable = false, length = 64)
    private String endpointId;
    /** {@code new} (needs a full copy) or {@code loaded}. */
    @Column(nullable = false, length = 16)
    private String state;
    @Column(name = "in_sync", nullable = false)
    private boolean inSync;

    protected ReplicaEntity() {
    }

    public ReplicaEntity(String clusterId, String tableName, String endpointId, String state, boolean inSync) {
        super(idOf(clusterId, tableName, endpointId));
        this.clusterId = clusterId;
        this.tableName = tableName;
        this.endpointId = endpointId;
        this.state = state;
        this.inSync = inSync;
    }

    public static String idOf(String clusterId, String tableName, String endpointId) {
        return clusterId + "/" + tableName + "/" + endpointId;
    }

    public String getClusterId() { return clusterId; }

    public String getTableName() { return tableName; }

    public String getEndpointId() { return endpointId; }

    public String getState() { return state; }

    public void setState(String state) { this.state = state; }

    public boolean isInSync() { return inSync; }

    public void setInSync(boolean inSync) { this.inSync = inSync; }
}
