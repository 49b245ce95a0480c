package org.pyql.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets before they reach the local state database (signing keys, endpoint tokens): AES-256-GCM with a
 * key-encryption key that is not in the database: {@code PYQL_KEY_ENCRYPTION_KEY} (base64 of 32 bytes, e.g. from a
 * Kubernetes secret) or, when unset, a key generated once into {@code <data>/kek} with mode 0600. Sealed values read
 * {@code sealed:v1:<base64 iv|ciphertext>}.
 */
public final class SecretSealer {
    private static final String PREFIX = "sealed:v1:";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile SecretKeySpec kek;

    private SecretSealer() {
    }

    /** Loads (or creates) the key-encryption key; called once at start, before the state DB is opened. */
    public static synchronized void install(Path dataDir, String configuredKeyBase64) {
        byte[] key;
        if (configuredKeyBase64 != null && !configuredKeyBase64.isBlank()) {
            key = Base64.getDecoder().decode(configuredKeyBase64.trim());
        } else {
            Path file = dataDir.resolve("kek");
            try {
                if (Files.exists(file)) {
                    key = Base64.getDecoder().decode(Files.readString(file).trim());
                } else {
                    key = new byte[32];
                    RANDOM.nextBytes(key);
                    Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
                    try {
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException notPosix) {
                        // keeps the file system's default permissions
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read or create the key-encryption key " + file, e);
            }
        }
        if (key.length != 32) throw new IllegalStateException("the key-encryption key must be 32 bytes (base64)");
        kek = new SecretKeySpec(key, "AES");
    }

    public static String seal(String plain) {
        if (plain == null) return null;
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(128, iv));
            byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing failed", e);
        }
    }

    public static String open(String sealed) {
        if (sealed == null) return null;
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("a secret in the state database is not sealed");
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(128, all, 0, 12));
            return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a sealed secret cannot be opened: wrong key-encryption key?", e);
        }
    }

    private static SecretKeySpec key() {
        SecretKeySpec k = kek;
        if (k == null) throw new IllegalStateException("SecretSealer.install was not called");
        return k;
    }
}
