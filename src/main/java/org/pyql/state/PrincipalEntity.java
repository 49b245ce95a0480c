package org.pyql.state;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A local login: the bootstrap admin and later users. Only a password hash is stored. */
@Entity
@Table(name = "principals")
public class PrincipalEntity {
    @Id
    @Column(length = 64)
    private String id;
    @Column(nullable = false, unique = true, length = 128)
    private String username;
    @Column(length = 255)
    private String email;
    @Column(name = "password_hash", length = 255)
    private String passwordHash;
    /** admin, user or service. */
    @Column(nullable = false, length = 16)
    private String kind;
    @Column(name = "created_at", nullable = false)
    private long createdAt;
    @Version
    private long version;

    protected PrincipalEntity() {
    }

    public PrincipalEntity(String id, String username, String email, String passwordHash, String kind, long createdAt) {
        this.id = id;
        this.username = username;
        this.email = email;
        this.passwordHash = passwordHash;
        this.kind = kind;
        this.createdAt = createdAt;
    }

    public String getId() { return id; }

    public String getUsername() { return username; }

    public String getEmail() { return email; }

    public String getPasswordHash() { return passwordHash; }

    public void setPasswordHash(String passwordHash) { this.passwordHash = passwordHash; }

    public String getKind() { return kind; }

    public long getCreatedAt() { return createdAt; }
}
