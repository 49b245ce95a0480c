package org.pyql.auth;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.coordination.ClusterStateService;
import org.pyql.coordination.StateKind;
import org.pyql.error.AlreadyExistsException;
import org.pyql.error.BadRequestException;
import org.pyql.error.ConflictException;
import org.pyql.error.ForbiddenException;
import org.pyql.error.NotFoundException;
import org.pyql.error.UnauthorizedException;
import org.pyql.state.JoinTokenEntity;
import org.pyql.state.UserEntity;

/**
 * The cluster's users, kept in the replicated metadata (map key = lower-cased username, so registration is atomic and
 * unique); also the {@link PrincipalDirectory} of cluster nodes. Every change needs quorum (ClusterStateService).
 * Lookups by uid and email go through a {@link UserIndex} kept by the users map's change events, which also tell the
 * {@link Authenticator} to forget a changed or deleted user's remembered logins on every node.
 */
@ApplicationScoped
public class UserService implements PrincipalDirectory {
    static final int MIN_PASSWORD = 8;

    @Inject
    private ClusterStateService state;
    private final UserIndex index = new UserIndex();
    private final List<Consumer<String>> changeListeners = new CopyOnWriteArrayList<>();

    @PostConstruct
    void watchUsers() {
        state.watch(StateKind.USERS, this::changed);
    }

    private void changed(UserEntity u) {
        // version 1 is a new user: nothing remembered to forget
        if (index.apply(u) && u.getVersion() > 1) changeListeners.forEach(l -> l.accept(u.getUid()));
    }

    @Override
    public void onChange(Consumer<String> listener) {
        changeListeners.add(listener);
    }

    public record UserView(String id, String username, String email, String role, long createdAt) {
    }

    public UserEntity register(Registration request, boolean admin) {
        String username = request.username();
        String email = request.email();
        String password = request.password();
        if (index.emailTaken(email)) throw new ConflictException("email already registered");
        UserEntity user = new UserEntity(key(username), UUID.randomUUID().toString(), username, email,
                PasswordHasher.hash(password), admin ? "admin" : "user", System.currentTimeMillis());
        try {
            return state.create(StateKind.USERS, user);
        } catch (AlreadyExistsException exists) {
            throw new AlreadyExistsException("username already registered");
        }
    }

    /**
     * Creates {@code admin} when the cluster has no such user (first start of a cluster). {@code password} is asked
     * for only then, so a restart never generates a password nobody can use.
     */
    public boolean ensureAdmin(java.util.function.Supplier<String> password) {
        if (state.get(StateKind.USERS, key("admin")).isPresent()) return false;
        try {
            state.create(StateKind.USERS, new UserEntity(key("admin"), UUID.randomUUID().toString(), "admin", null,
                    PasswordHasher.hash(password.get()), "admin", System.currentTimeMillis()));
            return true;
        } catch (AlreadyExistsException another) {
            return false;   // another node bootstrapped it first
        }
    }

    /** Whether {@code password} is the current password of user {@code username} (one PBKDF2 derivation). */
    public boolean passwordMatches(String username, String password) {
        return find(username).filter(u -> PasswordHasher.verify(password, u.getPasswordHash())).isPresent();
    }

    public List<UserView> list() {
        return state.list(StateKind.USERS).stream().sorted(Comparator.comparingLong(UserEntity::getCreatedAt))
                .map(UserService::view).toList();
    }

    /** An admin sees anyone, a user only themself; anyone else is 404 so existence does not leak. */
    public UserView get(Caller caller, String username) {
        UserEntity u = find(username).filter(x -> caller.isAdmin() || x.getUid().equals(caller.id()))
                .orElseThrow(() -> new NotFoundException("user " + username + " not found"));
        return view(u);
    }

    public void delete(Caller caller, String username) {
        if (!caller.isAdmin()) throw new ForbiddenException("admin only");
        UserEntity u = find(username).orElseThrow(() -> new NotFoundException("user " + username + " not found"));
        if ("admin".equals(u.getRole()) && state.list(StateKind.USERS, x -> "admin".equals(x.getRole())).size() <= 1) {
            throw new ConflictException("cannot delete the last admin");
        }
        state.delete(StateKind.USERS, u);
        for (JoinTokenEntity t : state.list(StateKind.JOIN_TOKENS, t -> t.getOwner().equals(u.getUid()))) {
            state.modify(StateKind.JOIN_TOKENS, t.getId(), JoinTokenEntity::revoke);
        }
    }

    public void changePassword(Caller caller, PasswordChange request) {
        if (caller.type() != TokenType.USER) {
            throw new ForbiddenException("a password is changed by its user", "use Basic or a user token");
        }
        String current = request.current();
        String next = request.next();
        UserEntity u = byUid(caller.id()).orElseThrow(() -> new UnauthorizedException("unknown user"));
        if (!PasswordHasher.verify(current, u.getPasswordHash())) {
            throw new UnauthorizedException("authentication failed", "the current password is wrong");
        }
        checkPassword(next);
        state.modify(StateKind.USERS, u.getId(), e -> e.setPasswordHash(PasswordHasher.hash(next)));
    }

    public Optional<UserEntity> find(String username) {
        return username == null ? Optional.empty() : state.get(StateKind.USERS, key(username));
    }

    /**
     * The live user with {@code uid}: the index names its map key and the map row (authoritative) must be live and
     * still carry that uid. A uid the index does not know yet (a user created on another node an instant ago) falls
     * back to a scan.
     */
    public Optional<UserEntity> byUid(String uid) {
        if (uid == null) return Optional.empty();
        Optional<String> key = index.keyOf(uid);
        if (key.isPresent()) return state.get(StateKind.USERS, key.get()).filter(x -> uid.equals(x.getUid()));
        return state.list(StateKind.USERS, u -> u.getUid().equals(uid)).stream().findFirst();
    }

    // ------------------------------------------------------------------ PrincipalDirectory

    @Override
    public Optional<Principal> byUsername(String username) {
        return find(username).map(u -> new Principal(u.getUid(), u.getUsername(), u.getPasswordHash(), "admin".equals(u.getRole())));
    }

    @Override
    public boolean exists(String id) {
        return byUid(id).isPresent();
    }

    @Override
    public boolean joinTokenValid(String jti) {
        return state.get(StateKind.JOIN_TOKENS, jti)
                .filter(t -> !t.isRevoked() && t.getExpiresAt() > System.currentTimeMillis())
                .filter(t -> exists(t.getOwner()))
                .isPresent();
    }

    static UserView view(UserEntity u) {
        return new UserView(u.getUid(), u.getUsername(), u.getEmail(), u.getRole(), u.getCreatedAt());
    }

    private static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    static void checkPassword(String password) {
        if (password.length() < MIN_PASSWORD) {
            throw new BadRequestException("password too short", "at least " + MIN_PASSWORD + " characters");
        }
    }
}
