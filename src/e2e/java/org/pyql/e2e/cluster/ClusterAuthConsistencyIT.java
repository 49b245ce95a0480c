package org.pyql.e2e.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.pyql.e2e.harness.Poll;
import org.pyql.e2e.harness.PyqlClient;

/**
 * Auth state is one state across the cluster: a password change or a user deletion made on node 1 stops the old
 * credential on nodes 2 and 3 although both had just accepted (and so remembered) it. Before, each node remembered a
 * Basic login or a verified token for up to 60 s; now the users map's change event makes every node forget it. The
 * event reaches the other nodes asynchronously (milliseconds), so the test polls for the refusal for at most 5 s, far
 * below the 60 s the old cache kept a credential alive, and prints how long it took.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterAuthConsistencyIT {
    private TestCluster cluster;

    @BeforeAll
    void startThreeNodes() {
        cluster = TestCluster.create("authsync", 3);
        cluster.startAll();
        cluster.awaitReady(Duration.ofSeconds(240), 1, 2, 3);
    }

    @AfterAll
    void killAll() {
        if (cluster != null) cluster.close();
    }

    private String register() {
        String name = "sync-" + UUID.randomUUID().toString().substring(0, 8);
        cluster.admin(1).post("/auth/user/register", Map.of("username", name, "email", name + "@e2e.example.org",
                "password", "first-password-1")).expect(201);
        return name;
    }

    private PyqlClient basic(int node, String user, String password) {
        return cluster.node(node).client().withBasic(user, password);
    }

    /** Polls node {@code i} until {@code client} is refused with 401; returns the milliseconds it took. */
    private long awaitRefused(int i, PyqlClient client, String path) {
        long t0 = System.nanoTime();
        Poll.until("node " + i + " refuses the old credential", Duration.ofSeconds(5), Duration.ofMillis(20),
                () -> client.get(path).status() == 401 ? Boolean.TRUE : null);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void aPasswordChangeOnOneNodeStopsTheOldPasswordOnEveryNode() {
        String name = register();
        String self = "/auth/users/" + name;
        for (int i = 1; i <= 3; i++) {   // every node has the user (the map is replicated) and remembers the login
            int node = i;
            Poll.until("node " + i + " knows the new user", Duration.ofSeconds(10),
                    () -> basic(node, name, "first-password-1").get(self).status() == 200 ? Boolean.TRUE : null);
            basic(i, name, "first-password-1").get(self).expect(200);
        }
        basic(1, name, "first-password-1").post("/auth/user/password",
                Map.of("password", "first-password-1", "new_password", "second-password-2")).expect(200);
        basic(1, name, "first-password-1").get(self).expect(401);   // the writing node forgets before it answers
        for (int i = 2; i <= 3; i++) {
            long ms = awaitRefused(i, basic(i, name, "first-password-1"), self);
            System.err.printf("[pyql-e2e] node %d refused the old password %d ms after the change%n", i, ms);
            assertEquals(200, basic(i, name, "second-password-2").get(self).status(), "the new password works");
        }
    }

    @Test
    void aDeletionOnOneNodeStopsTheUsersBasicLoginAndTokensOnEveryNode() {
        String name = register();
        String self = "/auth/users/" + name;
        String token = basic(1, name, "first-password-1").get("/auth/token/user").expect(200).text("token");
        for (int i = 1; i <= 3; i++) {
            int node = i;
            Poll.until("node " + i + " knows the new user", Duration.ofSeconds(10),
                    () -> basic(node, name, "first-password-1").get(self).status() == 200 ? Boolean.TRUE : null);
            cluster.node(i).client().withToken(token).get(self).expect(200);
        }
        cluster.admin(1).delete("/auth/users/" + name).expect(200);
        cluster.node(1).client().withToken(token).get(self).expect(401);
        for (int i = 2; i <= 3; i++) {
            long basicMs = awaitRefused(i, basic(i, name, "first-password-1"), self);
            long tokenMs = awaitRefused(i, cluster.node(i).client().withToken(token), self);
            System.err.printf("[pyql-e2e] node %d refused the deleted user's Basic login after %d ms, its token after"
                    + " %d ms more%n", i, basicMs, tokenMs);
        }
    }
}
