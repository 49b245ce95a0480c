package org.pyql.e2e.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The harness itself, as the cluster tests will use it: an endpoint node (default SQLite database {@code main})
 * keeps its data and identity across a graceful restart and a kill -9, {@code close()} leaves no process or temp
 * directory, and a node whose deployment fails is reported quickly with its log.
 */
class PyqlNodeLifecycleIT {

    /** The default run: a crash (kill -9) and a start on the same data dir; close() leaves nothing running. */
    @Test
    void killAndStartKeepDataAndIdentity() {
        PyqlNode node = PyqlNode.builder("lifecycle").role("endpoint").adminPassword("lifecycle-pw").build();
        try (node) {
            node.start();
            String uuid = seed(node);
            long firstPid = node.pid();
            node.kill();   // like a crash: an acknowledged write must survive it
            assertFalse(node.isRunning());
            assertThrows(ConnectException.class, () -> probe(node));
            node.start();
            assertTrue(node.pid() != firstPid);
            assertEquals(uuid, node.client().get("/pyql/node").expect(200).text("uuid"), "uuid survives a crash");
            assertEquals(Json.parse("[{'k': 'a', 'v': 1}]"), node.admin().get("/db/main/table/kv").expect(200).data());
            assertEquals(2, countOccurrences(node.logTail(100_000), "===== pyql-e2e: start #"), "one log, two starts");
        }
        assertClosed(node);
    }

    /** Graceful restart (SIGTERM) on the same port and data dir; in the long group to spare CPU in the default run. */
    @Test
    @Tag("long")
    void restartKeepsDataAndIdentity() {
        PyqlNode node = PyqlNode.builder("lifecycle-restart").role("endpoint").adminPassword("lifecycle-pw").build();
        try (node) {
            node.start();
            String uuid = seed(node);
            int port = node.port();
            node.restart();
            assertTrue(node.isRunning());
            assertEquals(port, node.port());
            assertEquals(uuid, node.client().get("/pyql/node").expect(200).text("uuid"), "uuid survives a restart");
            assertEquals(Json.parse("[{'k': 'a', 'v': 1}]"), node.admin().get("/db/main/table/kv").expect(200).data());
            assertTrue(node.logContains("stopped, exit code"), node.logTail(20));
        }
        assertClosed(node);
    }

    private static String seed(PyqlNode node) {
        PyqlClient admin = node.admin();
        assertTrue(node.isRunning());
        assertEquals("endpoint", node.client().get("/pyql/node").expect(200).text("role"));
        admin.post("/db/main/table/create", Json.parse("{'kv': {'columns': [{'name': 'k', 'type': 'str', 'mods': ''},"
                + " {'name': 'v', 'type': 'int', 'mods': ''}], 'primary_key': 'k', 'foreign_keys': null}}")).expect(200);
        admin.post("/db/main/table/kv", Json.parse("{'k': 'a', 'v': 1}")).expect(200);
        assertTrue(node.logContains("pyql node ready: role=endpoint port=" + node.port()), node.logTail(20));
        assertTrue(Files.isRegularFile(node.dataDir().resolve("main.db")), "SQLite file in the node's data dir");
        return node.client().get("/pyql/node").expect(200).text("uuid");
    }

    private static void assertClosed(PyqlNode node) {
        assertFalse(node.isRunning());
        assertFalse(Files.exists(node.tmpDir()), "close() removes the temp dir");
        assertTrue(Files.isRegularFile(node.logFile()), "the log stays for inspection");
    }

    @Test
    @Tag("long")
    void failedDeploymentIsReportedWithTheLog() {
        // an invalid PYQL_DATABASES makes the application fail while Payara itself comes up
        PyqlNode node = PyqlNode.builder("bad-config").env("PYQL_DATABASES", "not-a-database-entry").build();
        long t0 = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class, node::start);
        // the node exits with status 3 at once (NodeStartup) instead of lingering half-deployed
        assertTrue(e.getMessage().contains("exited with code 3"), "the node exits: " + e.getMessage());
        assertTrue(e.getMessage().contains(node.logFile().toString()), "the failure names the log: " + e.getMessage());
        assertTrue(node.logContains("pyql node failed to start: PYQL_DATABASES entry 'not-a-database-entry'"),
                "the log says why");
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(PyqlNode.DEFAULT_STARTUP_TIMEOUT) < 0);
        assertFalse(node.isRunning());
        node.close();
    }

    private static int probe(PyqlNode node) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.url("/pyql/live"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int countOccurrences(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
        return n;
    }
}
