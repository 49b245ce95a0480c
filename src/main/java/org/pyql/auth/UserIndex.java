package org.pyql.auth;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.pyql.state.UserEntity;

/**
 * The users' secondary keys in memory: uid to map key (the lower-cased username) and lower-cased email to uid, kept by
 * the users map's change events ({@code ClusterStateService.watch}) so lookups by uid or email are hash lookups
 * instead of a scan that parses every user. Rows may arrive twice or out of order; the higher version wins.
 */
final class UserIndex {
    /** What the index knows of one user row (by map key). */
    private record Row(long version, String uid, String email, boolean deleted) {
    }

    private final Map<String, Row> rows = new ConcurrentHashMap<>();
    private final Map<String, String> keyByUid = new ConcurrentHashMap<>();
    private final Map<String, String> uidByEmail = new ConcurrentHashMap<>();

    /** Applies a row; returns whether it was newer than what the index held (a real change). */
    synchronized boolean apply(UserEntity u) {
        Row old = rows.get(u.getId());
        if (old != null && old.version() >= u.getVersion()) return false;
        if (old != null && old.email() != null) uidByEmail.remove(old.email(), old.uid());
        String email = u.getEmail() == null ? null : u.getEmail().toLowerCase(Locale.ROOT);
        rows.put(u.getId(), new Row(u.getVersion(), u.getUid(), email, u.isDeleted()));
        // a uid keeps pointing at its row after a deletion (or a re-registration of the name under a new uid), so a
        // lookup of a gone uid is answered from the row without a scan
        keyByUid.put(u.getUid(), u.getId());
        if (!u.isDeleted() && email != null) uidByEmail.put(email, u.getUid());
        return true;
    }

    /** The map key of the row that has (or had) {@code uid}, if the index knows it. */
    Optional<String> keyOf(String uid) {
        return Optional.ofNullable(keyByUid.get(uid));
    }

    /** Whether a live user has this email (case-insensitive). */
    boolean emailTaken(String email) {
        return uidByEmail.containsKey(email.toLowerCase(Locale.ROOT));
    }
}
