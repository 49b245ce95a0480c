package org.pyql.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    @Test
    void verifiesOnlyTheRightPassword() {
        String h = PasswordHasher.hash("abcd1234");
        assertTrue(PasswordHasher.verify("abcd1234", h));
        assertFalse(PasswordHasher.verify("abcd1235", h));
        assertFalse(PasswordHasher.verify("", h));
    }

    @Test
    void saltsEachHashAndNeverStoresThePassword() {
        String a = PasswordHasher.hash("abcd1234");
        String b = PasswordHasher.hash("abcd1234");
        assertNotEquals(a, b);
        assertFalse(a.contains("abcd1234"));
        assertTrue(a.startsWith("pbkdf2-sha256$"));
    }

    @Test
    void malformedStoredHashNeverVerifies() {
        assertFalse(PasswordHasher.verify("x", null));
        assertFalse(PasswordHasher.verify("x", "plain-text"));
        assertFalse(PasswordHasher.verify("x", "md5$1$a$b"));
    }
}
