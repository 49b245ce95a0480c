/**
 * Who is calling: password hashing (PBKDF2), JWT issue and verification (auth0 java-jwt, HS256 only, typed tokens with
 * {@code exp}/{@code iat}/{@code jti}), the node's signing key, and turning an {@code Authentication} /
 * {@code Authorization} header into a {@link org.pyql.auth.Caller}. Keys and passwords never leave this package.
 */
package org.pyql.auth;
