package org.pyql.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.pyql.state.UserEntity;

class UserIndexTest {
    private static UserEntity user(String name, String uid, String email, long version, boolean deleted) {
        UserEntity u = new UserEntity(name, uid, name, email, "hash", "user", 1L);
        u.stamp(version, deleted, 1L, "node");
        return u;
    }

    private final UserIndex index = new UserIndex();

    @Test
    void findsKeysByUidAndEmailsCaseInsensitively() {
        assertTrue(index.apply(user("alice", "u1", "Alice@Example.org", 1, false)));
        assertEquals(Optional.of("alice"), index.keyOf("u1"));
        assertTrue(index.emailTaken("alice@example.ORG"));
        assertFalse(index.emailTaken("bob@example.org"));
    }

    @Test
    void anOlderOrRepeatedRowChangesNothing() {
        index.apply(user("alice", "u1", "a@example.org", 3, true));
        assertFalse(index.apply(user("alice", "u1", "a@example.org", 2, false)), "an event that arrives late");
        assertFalse(index.apply(user("alice", "u1", "a@example.org", 3, true)), "the same row twice");
        assertFalse(index.emailTaken("a@example.org"), "the tombstone wins");
    }

    @Test
    void aDeletionFreesTheEmailAndARegistrationUnderTheNameGetsANewUid() {
        index.apply(user("alice", "u1", "a@example.org", 1, false));
        index.apply(user("alice", "u1", "a@example.org", 2, true));
        assertFalse(index.emailTaken("a@example.org"));
        index.apply(user("alice", "u2", "new@example.org", 3, false));
        assertEquals(Optional.of("alice"), index.keyOf("u2"));
        assertEquals(Optional.of("alice"), index.keyOf("u1"), "the old uid still points at the row, whose uid differs");
        assertTrue(index.emailTaken("new@example.org"));
    }
}
