package org.pyql.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.pyql.error.UnauthorizedException;

/** Remembered Basic logins end when the directory reports the user changed (what other nodes' events trigger). */
class AuthenticatorCacheTest {
    /** A directory that changes the way the cluster's users do: a change is reported to the listeners. */
    private static final class Directory implements PrincipalDirectory {
        final Map<String, Principal> users = new ConcurrentHashMap<>();
        final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

        @Override
        public Optional<Principal> byUsername(String username) {
            return Optional.ofNullable(users.get(username));
        }

        @Override
        public boolean exists(String id) {
            return users.values().stream().anyMatch(p -> p.id().equals(id));
        }

        @Override
        public void onChange(Consumer<String> listener) {
            listeners.add(listener);
        }

        void change(String username, Principal now) {
            String id = users.get(username).id();
            if (now == null) users.remove(username); else users.put(username, now);
            listeners.forEach(l -> l.accept(id));
        }

        /** A change the listeners were not told of (to show the cache is what answers). */
        void changeSilently(String username, Principal now) {
            users.put(username, now);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private final Directory dir = new Directory();
    private final Authenticator auth = new Authenticator();

    AuthenticatorCacheTest() {
        dir.users.put("alice", new Principal("uid-a", "alice", PasswordHasher.hash("old-password"), false));
        auth.useDirectory(dir);
    }

    @Test
    void aReportedPasswordChangeStopsTheRememberedLogin() {
        assertEquals("uid-a", auth.authenticate(basic("alice", "old-password"), null).id());
        dir.changeSilently("alice", new Principal("uid-a", "alice", PasswordHasher.hash("new-password"), false));
        // unreported: the remembered login still answers (this is what the cluster event must end)
        assertEquals("uid-a", auth.authenticate(basic("alice", "old-password"), null).id());
        dir.change("alice", new Principal("uid-a", "alice", PasswordHasher.hash("new-password"), false));
        assertThrows(UnauthorizedException.class, () -> auth.authenticate(basic("alice", "old-password"), null));
        assertEquals("uid-a", auth.authenticate(basic("alice", "new-password"), null).id());
    }

    @Test
    void aReportedDeletionStopsTheRememberedLogin() {
        auth.authenticate(basic("alice", "old-password"), null);
        dir.change("alice", null);
        assertThrows(UnauthorizedException.class, () -> auth.authenticate(basic("alice", "old-password"), null));
    }
}
