package org.pyql.state;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** An issued join token (id = the token's jti): who owns it, until when, and whether it was revoked. */
@Entity
@Table(name = "join_tokens")
public class JoinTokenEntity extends MetadataEntity {
    @Column(nullable = false, length = 64)
    private String owner;
    @Column(name = "expires_at", nullable = false)
    private long expiresAt;
    @Column(nullable = false)
    private boolean revoked;

    protected JoinTokenEntity() {
    }

    public JoinTokenEntity(String id, String owner, long expiresAt) {
        super(id);
        this.owner = owner;
        this.expiresAt = expiresAt;
    }

    public String getOwner() { return owner; }

    public long getExpiresAt() { return expiresAt; }

    public boolean isRevoked() { return revoked; }

    public void revoke() { this.revoked = true; }
}
