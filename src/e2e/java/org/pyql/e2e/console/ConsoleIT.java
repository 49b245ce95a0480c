package org.pyql.e2e.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pyql.e2e.data.DataCluster.sqlite;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pyql.e2e.cluster.TestCluster;
import org.pyql.e2e.data.ClusterTable;
import org.pyql.e2e.data.DataCluster;
import org.pyql.e2e.data.DataCluster.Database;
import org.pyql.e2e.data.WriteAnswer;
import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.PyqlNode;
import org.pyql.e2e.harness.PyqlClient.Response;
import org.pyql.e2e.ops.PromText;

/**
 * The web console in headless Chromium against 3 cluster nodes and 2 SQLite endpoints, as the data cluster's owner
 * (not an admin): log in, see the 3 nodes in quorum, the table and its 2 replicas in sync; stop one endpoint and write,
 * and its row turns out of sync; start it again and the healing job that runs by itself shows a progress bar that
 * reaches 100 % while the replica comes back in sync; run a query and page through its rows; a bad query shows the
 * server's JSON error. The page's token is never in storage, a cookie or the URL. Screenshots: target/console-screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleIT {
    static final String TABLE = "items";
    static final String CREATE = "{'items': {'columns': [{'name': 'id', 'type': 'int', 'mods': 'NOT NULL AUTOINCREMENT'},"
            + " {'name': 'name', 'type': 'str', 'mods': ''}, {'name': 'qty', 'type': 'int', 'mods': ''}],"
            + " 'primary_key': 'id', 'foreign_keys': null}}";
    static final int BEFORE = 45;
    /** Writes missed by the stopped replica: enough for a replay that lasts a few refreshes of the page. */
    static final int GAP = 400;
    static final Duration UI = Duration.ofSeconds(30);
    static final Duration HEAL = Duration.ofSeconds(180);

    private DataCluster dc;
    private Browser browser;
    private String cluster;
    private Database a;
    private Database b;

    @BeforeAll
    void start() {
        Browser.requireInstalled();
        dc = DataCluster.builder("console").clusterNodes(3).endpoint("e1", sqlite("con")).endpoint("e2", sqlite("con"))
                .start();
        cluster = DataCluster.uniqueName("shop");
        a = dc.db("e1", "con");
        b = dc.db("e2", "con");
        dc.join(cluster, a, b);
        dc.owner(1).post("/cluster/" + cluster + "/table/create", Json.parse(CREATE)).expect(200);
        dc.awaitInSync(cluster, TABLE, 2, Duration.ofSeconds(60));
        var rows = Json.array();
        for (int i = 1; i <= BEFORE; i++) rows.add(Json.parse("{'name': 'item-" + i + "', 'qty': " + i + "}"));
        table().write(1, "POST", "/insert", rows);
        browser = Browser.start();
    }

    @AfterAll
    void stop() {
        try {
            if (browser != null) browser.close();
        } finally {
            if (dc != null) dc.close();
        }
    }

    private ClusterTable table() {
        return new ClusterTable(dc, cluster, TABLE, List.of(a, b));
    }

    @Test
    void theConsoleIsStaticOpenAndLocksItselfToItsOrigin() {
        var anon = dc.node(1).client().anonymous();
        Response page = anon.exchange("GET", "/console/index.html", null, null);
        assertEquals(200, page.status(), page.describe());
        assertTrue(page.raw().contains("<script type=\"module\" src=\"app.js\">"), page.describe());
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("default-src 'self'") && csp.contains("connect-src 'self'"), csp);
        assertEquals(302, anon.exchange("GET", "/console", null, null).status());
        for (String f : List.of("/console/app.js", "/console/api.js", "/console/dom.js", "/console/console.css")) {
            Response r = anon.exchange("GET", f, null, null);
            assertEquals(200, r.status(), f);
            assertFalse(r.raw().contains("http://") || r.raw().contains("https://"), f + " names another origin");
        }
        anon.get("/console/no-such-file.js").expect(404).assertErrorShape();
        anon.post("/console/app.js", Json.object()).expect(405).assertErrorShape();
        anon.get("/cluster").expect(401).assertErrorShape();   // the data behind the page is not open
    }

    @Test
    void ownerWatchesNodesReplicasAHealingJobAndPagesThroughAQuery() throws Exception {
        // a wrong password: the server's error, no session
        browser.open(dc.node(1).url("/console").toString());
        assertTrue(browser.currentUrl().endsWith("/console/index.html"), browser.currentUrl());
        login(dc.owner().name(), "not-the-password");
        String refused = browser.await("login refused", UI, () -> visibleText("login-error"));
        assertTrue(refused.contains("authentication failed") && refused.contains("wrong username or password"), refused);
        assertTrue(browser.byId("app").getAttribute("hidden") != null, "no session after a refused login");

        login(dc.owner().name(), dc.owner().password());
        browser.await("3 nodes in quorum", UI, () -> Boolean.TRUE.equals(browser.js(
                "const q = document.getElementById('quorum');"
                        + "return q.dataset.inQuorum === 'true' && q.dataset.live === '3'"
                        + " && document.querySelectorAll('#nodes-body tr[data-state=live]').length === 3")));
        assertEquals(1L, browser.js("return document.querySelectorAll('#nodes-body tr').length === 3"
                + " && [...document.querySelectorAll('#nodes-body tr')].filter(r => r.textContent.includes('(this node)')).length"));
        browser.await("cluster " + cluster + " listed", UI, () -> browser.js(
                "return document.querySelector('#cluster-list li[data-cluster=\"' + arguments[0] + '\"] button[aria-pressed=true]')",
                cluster));
        browser.await("table " + TABLE + " listed", UI, () -> browser.js(
                "return document.querySelector('#tables-body tr[data-table=items]')"));
        awaitReplica(a, true);
        awaitReplica(b, true);
        assertNoSecretKept();
        browser.screenshot("1-in-sync");

        // stop one endpoint and write: the page shows its replica out of sync
        b.endpoint().node().stop();
        WriteAnswer w = WriteAnswer.of(dc.owner(1).post(table().path("/insert"), Json.parse("{'name': 'gap-0', 'qty': 0}")));
        assertEquals(200, w.status(), w.toString());
        assertEquals(List.of(b.id()), w.outOfSync(), w.toString());
        awaitReplica(b, false);
        awaitReplica(a, true);
        browser.screenshot("2-out-of-sync");

        writeGap();
        // the metrics see it too: the table's leader reports the stopped replica behind by the writes it missed
        double behind = maxLag(b);
        assertTrue(behind >= GAP, "pyql_replica_lag_seqs of " + b.id() + " while it is stopped: " + behind);
        // start it again: healing runs by itself; the page is polled meanwhile for the job's progress bar
        CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> b.endpoint().node().start());
        TreeSet<Double> seen = new TreeSet<>();
        browser.await("the healing job of " + b.id() + " done at 100 % and its replica in sync", HEAL, () -> {
            Object percent = browser.js("const r = [...document.querySelectorAll('#jobs-body tr')]"
                    + ".find(t => t.cells[1].textContent === arguments[0]);"
                    + "return r ? r.querySelector('progress').value : null", b.id());
            if (percent instanceof Number n) seen.add(n.doubleValue());
            return restart.isDone() && Boolean.TRUE.equals(browser.js(
                    "const r = [...document.querySelectorAll('#jobs-body tr')].find(t => t.cells[1].textContent === arguments[0]"
                            + " && t.dataset.state === 'done');"
                            + "const s = document.querySelector('#replicas-body tr[data-endpoint=\"' + arguments[0] + '\"]');"
                            + "return !!r && r.querySelector('progress').value === 100 && r.dataset.percent === '100'"
                            + " && !!s && s.dataset.inSync === 'true'", b.id()));
        });
        restart.join();
        assertEquals(0.0, maxLag(b), "pyql_replica_lag_seqs of " + b.id() + " back to 0 once it is in sync");
        assertEquals(0.0, maxLag(a), "pyql_replica_lag_seqs of " + a.id());
        System.err.println("[pyql-e2e] console: progress values the page showed for the healing job: " + seen);
        assertEquals(100.0, seen.last(), "the bar reached 100 %: " + seen);
        String label = (String) browser.js("return [...document.querySelectorAll('#jobs-body tr')]"
                + ".find(t => t.cells[1].textContent === arguments[0]).querySelector('.percent').textContent", b.id());
        assertTrue(label.startsWith("100.0 %"), label);
        browser.screenshot("3-healed");

        // a query, paged 20 rows at a time, in key order
        browser.type("query-body", "{\"select\": [\"id\", \"name\", \"qty\"], \"orderby\": \"id\"}");
        browser.click("query-run");
        assertEquals(List.of(1L, 20L), awaitPage(1));
        browser.click("query-next");
        assertEquals(List.of(21L, 40L), awaitPage(2));
        browser.click("query-next");
        assertEquals(List.of(41L, 60L), awaitPage(3));
        assertEquals("item-41", browser.js("return document.querySelector('#query-result tbody tr').cells[1].textContent"));
        browser.screenshot("4-query");
        browser.click("query-prev");
        assertEquals(List.of(21L, 40L), awaitPage(2));

        // a client mistake is the server's JSON error, shown as such
        browser.type("query-body", "{\"select\": [\"no_such_column\"]}");
        browser.click("query-run");
        String error = browser.await("the query's error", UI, () -> visibleText("query-error"));
        assertTrue(error.contains("no_such_column") && error.contains("HTTP 400"), error);
        assertNoSecretKept();

        browser.type("query-body", "{\"select\": [\"*\"], \"where\": [[\"name\", \"like\", \"item-4*\"]], \"orderby\": \"id\"}");
        browser.click("query-run");
        assertEquals(List.of(4L, 45L), awaitPage(1));
        assertEquals(7L, browser.js("return document.querySelectorAll('#query-result tbody tr').length"));
        browser.screenshot("console");
        browser.click("logout");
        browser.await("logged out", UI, () -> browser.byId("login-view").isDisplayed());
    }

    @Test
    void anAdminSeesEachNodesCpRole() {
        dc.owner(1).get("/pyql/quorum/cp").expect(403).assertErrorShape();
        JsonNode roles = dc.admin(2).get("/pyql/quorum/cp").expect(200).json();
        assertEquals("cp", roles.path("mode").asText(), roles.toString());
        List<String> metadata = new ArrayList<>();
        for (JsonNode n : roles.path("nodes")) {
            assertTrue(n.path("cp_member").asBoolean(), "every node of 3 is a CP member: " + roles);
            metadata.add(n.path("metadata").asText());
        }
        metadata.sort(null);
        assertEquals(List.of("follower", "follower", "leader"), metadata, roles.toString());

        browser.open(dc.node(1).url("/console").toString());
        login(PyqlNode.ADMIN_USER, TestCluster.ADMIN_PASSWORD);
        browser.await("each node's CP role on the page", UI, () -> Boolean.TRUE.equals(browser.js(
                "const rows = [...document.querySelectorAll('#nodes-body tr[data-state=live]')];"
                        + "return rows.length === 3 && rows.every(r => r.dataset.cpMember === 'true')"
                        + " && rows.filter(r => r.dataset.metadata === 'leader').length === 1"
                        + " && rows.filter(r => r.dataset.metadata === 'follower').length === 2"
                        + " && rows.filter(r => r.cells[4].textContent === 'CP member · METADATA leader').length === 1")));
        browser.screenshot("5-cp-roles");
        browser.click("logout");
        browser.await("logged out", UI, () -> browser.byId("login-view").isDisplayed());
    }

    private void login(String user, String password) {
        browser.type("username", user);
        browser.type("password", password);
        browser.click("login-button");
    }

    private String visibleText(String id) {
        var e = browser.byId(id);
        return e.isDisplayed() && !e.getText().isBlank() ? e.getText() : null;
    }

    private void awaitReplica(Database db, boolean inSync) {
        browser.await(db + (inSync ? " in sync" : " out of sync") + " on the page", UI, () -> Boolean.TRUE.equals(browser.js(
                "const r = document.querySelector('#replicas-body tr[data-table=items][data-endpoint=\"' + arguments[0] + '\"]');"
                        + "return !!r && r.dataset.inSync === String(arguments[1])"
                        + " && r.cells[4].textContent === (arguments[1] ? 'in sync' : 'OUT OF SYNC')", db.id(), inSync)));
    }

    /** Waits for page n of the query and returns the ids of its first and last row. */
    @SuppressWarnings("unchecked")
    private List<Long> awaitPage(int n) {
        return browser.await("query page " + n, UI, () -> {
            Object ids = browser.js("if (document.getElementById('query-page').dataset.page !== String(arguments[0])) return null;"
                    + "const rows = [...document.querySelectorAll('#query-result tbody tr')];"
                    + "return rows.length ? [Number(rows[0].cells[0].textContent), Number(rows[rows.length - 1].cells[0].textContent)]"
                    + " : null", n);
            return ids == null ? null : ((List<Number>) ids).stream().map(Number::longValue).toList();
        });
    }

    /** The token lives in the page's memory only: not in storage, a cookie, the URL or the page's text. */
    private void assertNoSecretKept() {
        assertEquals(0L, browser.js("return localStorage.length + sessionStorage.length"));
        assertEquals("", browser.js("return document.cookie"));
        assertTrue(browser.currentUrl().endsWith("/console/index.html"), browser.currentUrl());
        String html = (String) browser.js("return document.documentElement.outerHTML");
        assertFalse(html.contains("eyJ"), "a token in the page");
        assertFalse(html.contains(dc.owner().password()), "the password in the page");
    }

    /**
     * The highest {@code pyql_replica_lag_seqs} of {@code db}'s replica of the table that any cluster node's
     * {@code /metrics} reports (the node sequencing the table reports it; 0 for an in-sync replica on every node).
     */
    private double maxLag(Database db) {
        double max = -1;
        for (int i = 1; i <= 3; i++) {
            Response r = dc.node(i).client().anonymous().exchange("GET", "/metrics", null, null);
            assertEquals(200, r.status(), r.describe());
            PromText metrics = PromText.parse(r.raw());
            for (PromText.Series s : metrics.series("pyql_replica_lag_seqs", Map.of("table", TABLE, "replica", db.id()))) {
                max = Math.max(max, metrics.value(s.name(), s.labels()));
            }
        }
        assertTrue(max >= 0, "no node reports pyql_replica_lag_seqs for " + db.id());
        return max;
    }

    /** {@link #GAP} single-row writes from 4 writers, all acknowledged by the one replica left. */
    private void writeGap() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> out = new ArrayList<>();
            for (int i = 1; i <= GAP; i++) {
                int n = i;
                out.add(pool.submit(() -> dc.owner(1 + n % 3).post(table().path("/insert"),
                        Json.parse("{'name': 'gap-" + n + "', 'qty': " + n + "}")).status()));
            }
            Map<Integer, Integer> statuses = new java.util.TreeMap<>();
            for (Future<Integer> f : out) statuses.merge(f.get(), 1, Integer::sum);
            assertEquals(Map.of(200, GAP), statuses, "every write of the gap acknowledged");
        } finally {
            pool.shutdownNow();
        }
    }
}
