package org.pyql.auth;

/**
 * An authenticated caller: principal id and name, whether the principal is an admin, the scope of the credential it
 * presented ({@link TokenType}), and whether that credential was its password (Basic) rather than a token: only a
 * password login may obtain new tokens.
 */
public record Caller(String id, String username, boolean admin, TokenType type, boolean passwordLogin) {
    /** May operate the node: an admin principal (not through a join token), or a service credential. */
    public boolean isAdmin() {
        return (admin && type != TokenType.JOIN) || type == TokenType.SERVICE;
    }
}
