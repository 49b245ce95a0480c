package org.pyql.auth;

/**
 * The scope of a credential, carried as the {@code typ} claim and checked on every route: USER for people and
 * programs (also what a password login counts as), SERVICE for node-to-node and endpoint service calls, JOIN only for
 * joining a data cluster.
 */
public enum TokenType {
    USER("user"), SERVICE("service"), JOIN("join");

    private final String claim;

    TokenType(String claim) { this.claim = claim; }

    public String claim() { return claim; }

    public static TokenType fromClaim(String claim) {
        for (TokenType t : values()) {
            if (t.claim.equals(claim)) return t;
        }
        return null;
    }
}
