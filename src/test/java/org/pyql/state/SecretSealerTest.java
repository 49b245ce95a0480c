package org.pyql.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretSealerTest {
    @TempDir
    Path dir;

    @Test
    void sealsWithAFreshIvAndOpensAgain() {
        SecretSealer.install(dir, null);
        String a = SecretSealer.seal("endpoint-token");
        String b = SecretSealer.seal("endpoint-token");
        assertTrue(a.startsWith("sealed:v1:"));
        assertFalse(a.contains("endpoint-token"));
        assertNotEquals(a, b, "a fresh IV each time");
        assertEquals("endpoint-token", SecretSealer.open(a));
    }

    @Test
    void generatesTheKeyOnceWithOwnerOnlyPermissions() throws Exception {
        SecretSealer.install(dir, null);
        Path kek = dir.resolve("kek");
        String first = Files.readString(kek);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kek)));
        String sealed = SecretSealer.seal("x");
        SecretSealer.install(dir, null);
        assertEquals(first, Files.readString(kek));
        assertEquals("x", SecretSealer.open(sealed));
    }

    @Test
    void tamperedValuesAndOtherKeysFailLoudly() {
        SecretSealer.install(dir, null);
        String sealed = SecretSealer.seal("secret");
        byte[] raw = Base64.getDecoder().decode(sealed.substring("sealed:v1:".length()));
        raw[raw.length - 1] ^= 1;
        String tampered = "sealed:v1:" + Base64.getEncoder().encodeToString(raw);
        assertThrows(IllegalStateException.class, () -> SecretSealer.open(tampered));
        SecretSealer.install(dir, Base64.getEncoder().encodeToString(new byte[32]));
        assertThrows(IllegalStateException.class, () -> SecretSealer.open(sealed));
        assertThrows(IllegalStateException.class, () -> SecretSealer.open("plain-text"));
    }
}
