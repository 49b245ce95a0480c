package org.pyql.auth;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.coordination.ClusterStateService;
import org.pyql.coordination.StateKind;
import org.pyql.error.BadRequestException;
import org.pyql.state.KeyRingEntity;

/**
 * The cluster's signing keys: one {@link KeyRing} in the replicated metadata (sealed in every node's state DB, sent
 * between nodes only by Hazelcast, never through HTTP). A node adopts the cluster's ring once it has quorum, and again
 * whenever it meets a token whose key id it does not know (someone rotated).
 */
@ApplicationScoped
public class KeyService {
    private static final long MAX_OVERLAP_SECONDS = 30L * 24 * 3600;

    @Inject
    private ClusterStateService state;
    @Inject
    private Authenticator authenticator;
    private volatile long adoptedVersion = -1;
    private volatile long lastRefreshNanos;

    /** Publishes {@code local} as the cluster's ring when there is none yet, then uses the cluster's ring. */
    public void bootstrap(KeyRing local) {
        if (state.get(StateKind.KEYS, KeyRingEntity.ID).isEmpty()) {
            try {
                state.create(StateKind.KEYS, new KeyRingEntity(local.toJson().toString()));
            } catch (org.pyql.error.ConflictException another) {
                // another node published first; adopt theirs below
            }
        }
        adopt();
    }

    /** Uses the cluster's current ring if it changed since the last look. */
    public void adopt() {
        Optional<KeyRingEntity> e = state.get(StateKind.KEYS, KeyRingEntity.ID);
        if (e.isEmpty() || e.get().getVersion() == adoptedVersion) return;
        authenticator.useKeys(KeyRing.fromJsonText(e.get().getKeys()));
        adoptedVersion = e.get().getVersion();
    }

    /** For a token with an unknown key id: look at the cluster's ring again, at most every 200 ms. */
    public boolean refreshForUnknownKey() {
        long now = System.nanoTime();
        if (now - lastRefreshNanos < 200_000_000L) return false;
        lastRefreshNanos = now;
        long before = adoptedVersion;
        adopt();
        return adoptedVersion != before;
    }

    public record Rotation(String kid, String previousKid, long overlapSeconds) {
    }

    public Rotation rotate(long overlapSeconds) {
        if (overlapSeconds < 0 || overlapSeconds > MAX_OVERLAP_SECONDS) {
            throw new BadRequestException("overlap_seconds out of range", "0 to " + MAX_OVERLAP_SECONDS);
        }
        String[] kids = new String[2];
        KeyRingEntity e = state.modify(StateKind.KEYS, KeyRingEntity.ID, ring -> {
            KeyRing current = KeyRing.fromJsonText(ring.getKeys());
            KeyRing next = current.rotate(System.currentTimeMillis(), overlapSeconds * 1000);
            kids[0] = next.active().kid();
            kids[1] = current.active().kid();
            ring.setKeys(next.toJson().toString());
        });
        authenticator.useKeys(KeyRing.fromJsonText(e.getKeys()));
        adoptedVersion = e.getVersion();
        return new Rotation(kids[0], kids[1], overlapSeconds);
    }

    /** Key ids and windows, never secrets. */
    public List<SigningKey> keys() {
        return authenticator.tokens().ring().keys();
    }
}
