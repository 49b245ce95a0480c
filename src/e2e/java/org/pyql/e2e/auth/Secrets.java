package org.pyql.e2e.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every secret the auth suite used or received (passwords, Basic header values, tokens and their signatures, endpoint
 * tokens sent in join bodies), kept so {@link SecretsNotLoggedIT} and the end-of-run check of {@link AuthNode} can
 * scan the nodes' logs for them. Findings never print a secret, only its kind and a short hash.
 */
final class Secrets {
    private static final Map<String, String> ALL = new ConcurrentHashMap<>();   // value -> kind
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private Secrets() {
    }

    /** A fresh random password of {@code length} characters (letters and digits, no hex-only run), registered. */
    static String password(int length) {
        StringBuilder b = new StringBuilder("Zq");
        while (b.length() < length) b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        String pw = b.substring(0, length);
        add("password", pw);
        return pw;
    }

    /** A fresh random password of 20 characters. */
    static String password() {
        return password(20);
    }

    /** Registers a password together with the Basic header value(s) that carry it. */
    static void basic(String user, String password) {
        add("password", password);
        add("basic credential", b64(user + ":" + password));
        add("basic credential", b64(user + ":" + password + "\n"));
    }

    /** Registers a JWT: the whole token and its signature part (a log of either leaks the token). */
    static String token(String kind, String jwt) {
        if (jwt == null || jwt.isBlank()) return jwt;
        add(kind, jwt);
        String[] parts = jwt.split("\\.");
        if (parts.length == 3 && parts[2].length() >= 20) add(kind + " signature", parts[2]);
        return jwt;
    }

    static void add(String kind, String value) {
        if (value != null && value.length() >= 7) ALL.putIfAbsent(value, kind);
    }

    static int count() {
        return ALL.size();
    }

    /** One secret found in a log: what it was, where, and a hash to tell findings apart. */
    record Finding(String kind, Path file, int line, String hash) {
        @Override
        public String toString() {
            return kind + " (sha256 " + hash + ") in " + file + " line " + line;
        }
    }

    /** Every registered secret that occurs in one of {@code logs}. */
    static List<Finding> scan(List<Path> logs) {
        Map<String, String> secrets = new LinkedHashMap<>(ALL);
        List<Finding> found = new ArrayList<>();
        for (Path log : logs) {
            if (!Files.isRegularFile(log)) continue;
            List<String> lines;
            try {
                lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + log, e);
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                for (Map.Entry<String, String> s : secrets.entrySet()) {
                    if (line.contains(s.getKey())) found.add(new Finding(s.getValue(), log, i + 1, hash(s.getKey())));
                }
            }
        }
        return found;
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
