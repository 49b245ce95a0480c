package org.pyql.auth;

/** An authenticated caller: principal id and name, and what kind of credential it presented. */
public record Caller(String id, String username, TokenType type) {
    public boolean isAdmin() {
        return type == TokenType.ADMIN || type == TokenType.SERVICE;
    }
}
