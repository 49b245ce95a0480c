package org.pyql.state;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A database of a data endpoint that joined a data cluster. The id is the database's uuid. */
@Entity
@Table(name = "endpoints")
public class EndpointEntity extends MetadataEntity {
    @Column(name = "cluster_id", nullable = false, length = 64)
    private String clusterId;
    @Column(name = "db_name", nullable = false, length = 64)
    private String dbName;
    /** {@code host:port} of the endpoint's API. */
    @Column(nullable = false, length = 255)
    private String path;
    @Column(length = 255)
    private String name;
    /** The endpoint's service token (server-side only; never returned to clients; sealed at rest). */
    @jakarta.persistence.Convert(converter = SealedStringConverter.class)
    @Column(length = 8192)
    private String token;

    protected EndpointEntity() {
    }

    public EndpointEntity(String id, String clusterId, String dbName, String path, String token) {
        super(id);
        this.clusterId = clusterId;
        this.dbName = dbName;
        this.path = path;
        this.token = token;
    }

    public String getClusterId() { return clusterId; }

    public String getDbName() { return dbName; }

    public String getPath() { return path; }

    /** The endpoint's name from its join request (the original's HOSTNAME-based name). */
    public String getName() { return name; }

    public void setName(String name) { this.name = name; }

    public void setPath(String path) { this.path = path; }

    public String getToken() { return token; }

    public void setToken(String token) { this.token = token; }
}
