/**
 * End-to-end tests of auth (users, tokens, sharing, key rotation) against real Payara Micro nodes.
 *
 * <ul>
 *   <li>{@link org.pyql.e2e.auth.AuthNode}: JUnit extension with ONE standalone node (Hazelcast on, one member, SQLite
 *       {@code main}) shared by every class of the run; extra short-lived nodes ({@code standalone}, {@code twinOf});
 *       the logs of every node it started are scanned for secrets when the run ends.</li>
 *   <li>{@link org.pyql.e2e.auth.AuthApi}: users with random passwords, tokens, clusters and shares as the tests use
 *       them; every password and token is registered in {@link org.pyql.e2e.auth.Secrets}.</li>
 *   <li>{@link org.pyql.e2e.auth.Snapshots}: "a refused request changed nothing" (views of users, join tokens, keys,
 *       clusters, shares and endpoints compared before and after).</li>
 *   <li>{@link org.pyql.e2e.auth.Jwt}: reading and forging tokens (tampered payloads, foreign keys, {@code alg none}).</li>
 * </ul>
 *
 * <p>Classes: {@code RouteCredentialMatrixIT} (every route x every credential, one dynamic test per pair),
 * {@code ClusterIsolationIT}, {@code KeyRotationIT}, {@code UserLifecycleIT} (its lock-out recovery waits a minute and
 * is in the {@code long} group), {@code SecretsNotLoggedIT}. Classes run in any order and may share the node, so each
 * class registers its own users and fetches its own tokens (another class may rotate the key without overlap or delete
 * every admin but {@code admin}).
 *
 * <p>Run: {@code mvn -B verify -Dit.test='RouteCredentialMatrixIT,ClusterIsolationIT,KeyRotationIT,UserLifecycleIT,SecretsNotLoggedIT'};
 * the long test: {@code mvn -B verify -Plong -Dit.test=UserLifecycleIT}.
 */
package org.pyql.e2e.auth;
