package org.pyql.state;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A user of the cluster (id = lower-cased username, so the map itself keeps usernames unique). Only a hash is kept. */
@Entity
@Table(name = "users")
public class UserEntity extends MetadataEntity {
    /** The principal id tokens carry: new for every registration, so a re-created username revives no old token. */
    @Column(nullable = false, length = 64)
    private String uid;
    @Column(nullable = false, length = 64)
    private String username;
    @Column(length = 255)
    private String email;
    @Column(name = "password_hash", nullable = false, length = 255)
    private String passwordHash;
    /** admin or user. */
    @Column(nullable = false, length = 16)
    private String role;
    @Column(name = "created_at", nullable = false)
    private long createdAt;

    protected UserEntity() {
    }

    public UserEntity(String id, String uid, String username, String email, String passwordHash, String role,
                      long createdAt) {
        super(id);
        this.uid = uid;
        this.username = username;
        this.email = email;
        this.passwordHash = passwordHash;
        this.role = role;
        this.createdAt = createdAt;
    }

    public String getUid() { return uid; }

    public String getUsername() { return username; }

    public String getEmail() { return email; }

    public String getPasswordHash() { return passwordHash; }

    public void setPasswordHash(String passwordHash) { this.passwordHash = passwordHash; }

    public String getRole() { return role; }

    public long getCreatedAt() { return createdAt; }
}
