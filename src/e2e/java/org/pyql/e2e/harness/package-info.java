/**
 * End-to-end test harness: real Payara Micro processes running the WAR, driven over HTTP.
 *
 * <ul>
 *   <li>{@link org.pyql.e2e.harness.PyqlNode}: one node process (builder: role, admin password, databases, env
 *       overrides, extra JVM/Payara options, Hazelcast on/off, fixed port, shared data dir); {@code start()} waits for
 *       {@code /pyql/live}, {@code stop()} SIGTERM then SIGKILL, {@code kill()} SIGKILL, {@code restart()} same port and
 *       data, {@code close()} stops and removes the temp dir. Each node lives in {@code target/e2e/<name>/}
 *       ({@code data/}, {@code tmp/}, {@code node.log}). A shutdown hook kills whatever is still running.</li>
 *   <li>{@link org.pyql.e2e.harness.PyqlClient}: immutable HTTP client with credential helpers
 *       ({@code withBasic}, {@code withAuthorizationBasic}, {@code withToken}, {@code withBearer}); every response must be
 *       {@code application/json}; {@code expect(status)} checks the status and the {@code {"error"}} shape of errors.</li>
 *   <li>{@link org.pyql.e2e.harness.SharedEndpoint}: JUnit 5 extension, one endpoint node per test run (SQLite
 *       {@code main}, MySQL {@code company} when reachable).</li>
 *   <li>{@link org.pyql.e2e.harness.MySql} and {@link org.pyql.e2e.harness.RequiresMySql}: MySQL probe, schema
 *       recreation, loud skip or (with {@code PYQL_REQUIRE_MYSQL=1}) failure.</li>
 *   <li>{@link org.pyql.e2e.harness.Poll}: wait for a condition by polling, never by sleeping.</li>
 * </ul>
 *
 * <p>Several nodes, e.g. for cluster tests (each {@code start()} takes 10-30 s on 2 cores; start them one after the
 * other and close them in a {@code finally} or with try-with-resources):
 * <pre>{@code
 * try (PyqlNode a = PyqlNode.builder("c1").role("cluster").hazelcast(true)
 *              .jvmOption("-Dpyql.hz.cluster-name=e2e-x").payaraOption("--hzconfigfile", "payara/hazelcast.xml").start();
 *      PyqlNode b = ...) {
 *     a.kill();                       // crash
 *     Poll.until("b sees a gone", Duration.ofSeconds(30), () -> b.admin().get("/cluster/pyql/ready").status() == 503);
 *     a.start();                      // same port, same data
 * }
 * }</pre>
 * Slow multi-node scenarios belong in the {@code long} JUnit tag ({@code mvn -B verify -Plong}; the payara profile is
 * activated by the absence of {@code -Dpyql.tomcat}, so naming {@code long} keeps it).
 */
package org.pyql.e2e.harness;
