package org.pyql.auth;

/**
 * An authenticated caller: principal id and name, whether the principal is an admin, the scope of the credential it
 * presented ({@link TokenType}), and whether that credential was its password (Basic) rather than a token: only a
 * password login may obtain new tokens.
 */
public record Caller(String id, String username, boolean admin, TokenType type, boolean passwordLogin) {
    /** An admin acting as a person: a password login or user token of an admin (never a service or join token). */
    public boolean isAdmin() {
        return admin && type == TokenType.USER;
    }

    /** May read and operate the node (quorum, cluster state, raw /db data): an admin, or a service credential. */
    public boolean isOperator() {
        return isAdmin() || type == TokenType.SERVICE;
    }
}
