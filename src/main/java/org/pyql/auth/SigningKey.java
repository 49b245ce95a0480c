package org.pyql.auth;

import java.util.Arrays;

/**
 * One HS256 signing key of the {@link KeyRing}: {@code kid} goes into every token's header so verification picks
 * the right key. A key with {@code retiresAtMillis > 0} no longer signs and stops verifying at that time.
 */
public record SigningKey(String kid, byte[] secret, long createdAtMillis, long retiresAtMillis) {
    public SigningKey {
        secret = secret.clone();
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    boolean validAt(long nowMillis) {
        return retiresAtMillis == 0 || nowMillis < retiresAtMillis;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey k && k.kid.equals(kid) && Arrays.equals(k.secret, secret)
                && k.createdAtMillis == createdAtMillis && k.retiresAtMillis == retiresAtMillis;
    }

    @Override
    public int hashCode() {
        return kid.hashCode();
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "SigningKey[" + kid + ", created " + createdAtMillis + (retiresAtMillis > 0 ? ", retires " + retiresAtMillis : "") + "]";
    }
}
