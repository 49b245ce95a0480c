package org.pyql.auth;

/**
 * An authenticated caller: principal id and name, the scope of its credential, and whether it logged in with its
 * password (Basic) rather than a token: only a password login may obtain new tokens.
 */
public record Caller(String id, String username, TokenType type, boolean passwordLogin) {
    public boolean isAdmin() {
        return type == TokenType.ADMIN || type == TokenType.SERVICE;
    }
}
