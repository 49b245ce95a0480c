package org.pyql.auth;

/** A login as the directory keeps it: only the password hash, never the password. */
public record Principal(String id, String username, String passwordHash, boolean admin) {
    @Override
    public String toString() {
        return "Principal[" + id + ", " + username + (admin ? ", admin" : "") + "]";
    }
}
