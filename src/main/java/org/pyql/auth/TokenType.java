package org.pyql.auth;

/**
 * The scope of a credential, carried as the {@code typ} claim and checked on every route. ADMIN is the local admin
 * over Basic; SERVICE is the endpoint's service token (for the cluster); USER a user token.
 */
public enum TokenType {
    ADMIN("admin"), SERVICE("service"), USER("user"), JOIN("join");

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
