package org.pyql.e2e.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pyql.e2e.cluster.TestCluster;
import org.pyql.e2e.harness.E2eEnv;
import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.MySql;
import org.pyql.e2e.harness.Poll;
import org.pyql.e2e.harness.PyqlClient;
import org.pyql.e2e.harness.PyqlNode;

/**
 * A whole data-cluster deployment on 127.0.0.1: N cluster nodes ({@link TestCluster}), endpoint nodes (role
 * {@code endpoint}) each serving one or more SQLite and/or MySQL databases, a registered user (the owner) with a user
 * token and a join token, as the README's data-cluster story sets it up. Names are unique per run (cluster, user,
 * data clusters, MySQL schemas), so runs and classes never collide.
 *
 * <p>{@link #join} makes databases replicas of a data cluster the way a STANDALONE endpoint does it by hand: the
 * database's uuid from {@code GET /db/{db}/replication} on the endpoint, the endpoint's service token from
 * {@code GET /auth/token/local}, then {@code POST /cluster/{c}/join} with the join token. {@link #autoJoinEndpoint}
 * starts an endpoint with {@code PYQL_TYPE=K8S}, which joins by itself.
 *
 * <p>{@link #close()} kills every process it started (by pid, via {@link PyqlNode}), removes their temp dirs and drops
 * the MySQL schemas it created, also when the start itself failed half-way.
 */
public final class DataCluster implements AutoCloseable {
    public static final Duration START_TIMEOUT = Duration.ofSeconds(300);
    public static final String ENDPOINT_ADMIN_PASSWORD = "e2e-endpoint-admin-pw";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN = Long.toString(ProcessHandle.current().pid(), 36)
            + Long.toString(System.currentTimeMillis() % 1_000_000L, 36);

    public enum Backend { SQLITE, MYSQL }

    /** A database an endpoint node is started with. */
    public record DbSpec(String name, Backend backend) {
    }

    public static DbSpec sqlite(String name) {
        return new DbSpec(name, Backend.SQLITE);
    }

    public static DbSpec mysql(String name) {
        return new DbSpec(name, Backend.MYSQL);
    }

    private final String prefix;
    private final TestCluster cluster;
    private final List<DataEndpoint> endpoints = new ArrayList<>();
    private final List<String> mysqlSchemas = new ArrayList<>();
    private final boolean mysql;
    private User owner;
    private String joinToken;

    private DataCluster(Builder b) {
        this.prefix = b.prefix;
        this.mysql = MySql.available();
        if (!mysql && b.specs.values().stream().flatMap(List::stream).anyMatch(d -> d.backend() == Backend.MYSQL)) {
            System.err.println("[pyql-e2e] " + MySql.unavailableReason() + "; data cluster " + prefix
                    + " runs its SQLite databases only (MySQL tests skip or, with PYQL_REQUIRE_MYSQL=1, fail)");
        }
        this.cluster = TestCluster.create(b.prefix, b.clusterNodes);
        for (Map.Entry<String, List<DbSpec>> e : b.specs.entrySet()) {
            endpoints.add(buildEndpoint(e.getKey(), e.getValue(), Map.of()));
        }
    }

    public static Builder builder(String prefix) {
        return new Builder(prefix);
    }

    private DataEndpoint buildEndpoint(String name, List<DbSpec> specs, Map<String, String> env) {
        PyqlNode.Builder nb = PyqlNode.builder(prefix + "-" + name).role("endpoint").adminPassword(ENDPOINT_ADMIN_PASSWORD)
                .startupTimeout(Duration.ofSeconds(300)).env(env);
        List<DbSpec> served = new ArrayList<>();
        List<String> schemas = new ArrayList<>();
        for (DbSpec d : specs) {
            if (d.backend() == Backend.SQLITE) {
                nb.database(d.name(), "sqlite:" + d.name() + ".db");
                served.add(d);
                schemas.add(null);
            } else if (mysql) {
                String schema = ("pyql_dc_" + RUN + "_" + COUNTER.incrementAndGet()).toLowerCase(Locale.ROOT);
                synchronized (mysqlSchemas) {
                    mysqlSchemas.add(schema);
                }
                nb.mysqlDatabase(d.name(), MySql.hostPortSchema(schema), E2eEnv.mysqlUser(), E2eEnv.mysqlPassword());
                served.add(d);
                schemas.add(schema);
            }
        }
        DataEndpoint ep = new DataEndpoint(name, nb.build());
        for (int i = 0; i < served.size(); i++) {
            ep.databases.add(new Database(ep, served.get(i).name(), served.get(i).backend(), schemas.get(i)));
        }
        return ep;
    }

    /**
     * Starts the cluster nodes, then the endpoints (one phase after the other: six JVMs starting at once on two busy
     * cores start slower than two phases), registers the owner and fetches a join token.
     */
    private DataCluster start() {
        long t0 = System.nanoTime();
        cluster.startAll();
        cluster.awaitReady(START_TIMEOUT, cluster.all());
        List<CompletableFuture<Void>> eps = new ArrayList<>();
        for (DataEndpoint ep : endpoints) eps.add(CompletableFuture.runAsync(() -> startEndpoint(ep)));
        try {
            eps.forEach(CompletableFuture::join);
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error er) throw er;
            throw e;
        }
        owner = registerUser("owner");
        joinToken = owner.basic(node(1)).get("/auth/token/join").expect(200).text("join");
        System.err.printf("[pyql-e2e] data cluster fixture %s: %d cluster nodes, %d endpoints, owner %s, ready after %d ms%n",
                prefix, cluster.size(), endpoints.size(), owner.name(), (System.nanoTime() - t0) / 1_000_000);
        return this;
    }

    private static void startEndpoint(DataEndpoint ep) {
        for (Database db : ep.databases) if (db.mysqlSchema() != null) MySql.recreateDatabase(db.mysqlSchema());
        ep.node.start();
        for (Database db : ep.databases) {
            Poll.until("database " + db + " answers", Duration.ofSeconds(60), () ->
                    ep.node.admin().get("/db/" + db.name() + "/tables").status() == 200);
        }
    }

    // ------------------------------------------------------------------ users and tokens

    /** A user registered by the cluster admin, with a user token accepted by every cluster node. */
    public User registerUser(String role) {
        String name = role + "_" + RUN + "_" + COUNTER.incrementAndGet();
        String password = "pw-" + UUID.randomUUID();
        ObjectNode body = Json.object();
        body.put("username", name);
        body.put("email", name + "@e2e.example.org");
        body.put("password", password);
        cluster.admin(1).post("/auth/user/register", body).expect(201);
        String token = cluster.node(1).client().withBasic(name, password).get("/auth/token/user").expect(200).text("token");
        User u = new User(name, password, token);
        for (int i : cluster.all()) {
            PyqlNode n = cluster.node(i);
            Poll.until("user " + name + " known on " + n, Duration.ofSeconds(30), () -> u.on(n).get("/cluster").status() == 200);
        }
        return u;
    }

    /** The data clusters' owner. */
    public User owner() {
        return owner;
    }

    /** The owner's client on cluster node {@code i} (1-based). */
    public PyqlClient owner(int i) {
        return owner.on(node(i));
    }

    /** The cluster admin's client on cluster node {@code i}. */
    public PyqlClient admin(int i) {
        return cluster.admin(i);
    }

    public String joinToken() {
        return joinToken;
    }

    // ------------------------------------------------------------------ joining

    /** Joins {@code dbs} (no tables of their own) to data cluster {@code name} (created by the first join). */
    public void join(String name, Database... dbs) {
        for (Database db : dbs) join(name, db, List.of());
    }

    /**
     * One database joins {@code name} bringing {@code tables} (existing tables of the database, with their rows), the
     * body of the README's join curl. Returns the join answer.
     */
    public JsonNode join(String name, Database db, List<String> tables) {
        PyqlClient ep = db.endpoint().node().admin();
        JsonNode repl = ep.get("/db/" + db.name() + "/replication").expect(200).json();
        String uuid = repl.path("database").path("uuid").asText("");
        assertTrue(!uuid.isBlank(), "GET /db/" + db.name() + "/replication answers the database uuid: " + repl);
        assertEquals(db.name(), repl.path("database").path("name").asText(), repl.toString());
        db.uuid = uuid;
        ObjectNode body = Json.object();
        body.put("name", db.endpoint().node().name() + "-" + db.name());
        body.put("path", "127.0.0.1:" + db.endpoint().node().port());
        body.put("token", db.endpoint().serviceToken());
        ObjectNode d = body.putObject("database");
        d.put("name", db.name());
        d.put("uuid", uuid);
        ArrayNode ts = body.putArray("tables");
        ArrayNode consistency = body.putArray("consistency");
        for (String t : tables) {
            ts.add(ep.get("/db/" + db.name() + "/table/" + t + "/config").expect(200).json());
            consistency.add(t);
        }
        return node(1).client().withToken(joinToken).post("/cluster/" + name + "/join", body).expect(200).json();
    }

    /**
     * Starts a new endpoint node (databases {@code specs}) with {@code PYQL_TYPE=K8S}: it joins data cluster
     * {@code name} by itself at start ({@code action} {@code init} or {@code join}, all its tables), and again after
     * every restart. Stopped by {@link #close()} like the others.
     */
    public DataEndpoint autoJoinEndpoint(String endpointName, String name, String action, DbSpec... specs) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PYQL_TYPE", "K8S");
        env.put("PYQL_CLUSTER_SVC", "http://127.0.0.1:" + node(1).port());
        env.put("PYQL_CLUSTER_NAME", name);
        env.put("PYQL_CLUSTER_JOIN_TOKEN", joinToken);
        env.put("PYQL_CLUSTER_TABLES", "ALL");
        env.put("PYQL_CLUSTER_ACTION", action);
        env.put("PYQL_HOST", "127.0.0.1");
        DataEndpoint ep = buildEndpoint(endpointName, List.of(specs), env);
        synchronized (endpoints) {
            endpoints.add(ep);
        }
        startEndpoint(ep);
        for (Database db : ep.databases) {
            db.uuid = ep.node.admin().get("/db/" + db.name() + "/replication").expect(200).json()
                    .path("database").path("uuid").asText();
        }
        return ep;
    }

    // ------------------------------------------------------------------ replica state (admin routes)

    /** {@code GET /cluster/{c}/table/{t}/endpoints} as admin on node {@code i}: the replicas of the table. */
    public List<ReplicaState> replicas(int i, String cluster, String table) {
        JsonNode doc = admin(i).get("/cluster/" + cluster + "/table/" + table + "/endpoints").expect(200).json();
        JsonNode list = doc.isArray() ? doc : doc.path("endpoints");
        List<ReplicaState> out = new ArrayList<>();
        for (JsonNode r : list) out.add(ReplicaState.of(r));
        return out;
    }

    /** Polls until {@code expected} replicas of the table are in sync (as node {@code i} sees it); returns them. */
    public List<ReplicaState> awaitInSync(String cluster, String table, int expected, Duration timeout) {
        return Poll.until(expected + " in-sync replicas of " + cluster + "/" + table, timeout, Duration.ofMillis(500), () -> {
            int i = firstRunningNode();
            List<ReplicaState> rs = replicas(i, cluster, table);
            return rs.stream().filter(ReplicaState::inSync).count() == expected ? rs : null;
        });
    }

    /** The database behind a replica id. */
    public Database database(String uuid) {
        for (DataEndpoint ep : List.copyOf(endpoints)) {
            for (Database db : ep.databases) if (uuid.equals(db.uuid)) return db;
        }
        throw new AssertionError("no database of this fixture has uuid " + uuid);
    }

    // ------------------------------------------------------------------ accessors

    public TestCluster clusterNodes() {
        return cluster;
    }

    public PyqlNode node(int i) {
        return cluster.node(i);
    }

    public int size() {
        return cluster.size();
    }

    /** The lowest-numbered cluster node that runs (fault tests kill some). */
    public int firstRunningNode() {
        for (int i : cluster.all()) if (cluster.node(i).isRunning()) return i;
        throw new IllegalStateException("no cluster node runs");
    }

    public boolean mysqlAvailable() {
        return mysql;
    }

    /** Call first in a test that needs MySQL: fails (PYQL_REQUIRE_MYSQL=1) or skips loudly when it is unreachable. */
    public void requireMysql(String what) {
        MySql.requireOrSkip(what);
    }

    public DataEndpoint endpoint(String name) {
        for (DataEndpoint ep : List.copyOf(endpoints)) if (ep.name.equals(name)) return ep;
        throw new IllegalArgumentException("no endpoint " + name + " in " + prefix);
    }

    public List<DataEndpoint> endpoints() {
        return List.copyOf(endpoints);
    }

    /** Database {@code db} of endpoint {@code endpoint}. */
    public Database db(String endpoint, String db) {
        for (Database d : endpoint(endpoint).databases) if (d.name().equals(db)) return d;
        throw new IllegalArgumentException("endpoint " + endpoint + " has no database " + db
                + (mysql ? "" : " (MySQL databases are left out: MySQL is not reachable)"));
    }

    /** A data cluster name unique to this run. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + RUN + "-" + COUNTER.incrementAndGet();
    }

    // ------------------------------------------------------------------ close

    @Override
    public void close() {
        try {
            for (DataEndpoint ep : List.copyOf(endpoints)) {
                try {
                    if (ep.node.isRunning()) ep.node.kill();
                    ep.node.close();
                } catch (RuntimeException e) {
                    System.err.println("[pyql-e2e] cannot stop " + ep.node + ": " + e);
                }
            }
            cluster.close();
        } finally {
            synchronized (mysqlSchemas) {
                mysqlSchemas.forEach(MySql::dropDatabase);
            }
        }
    }

    @Override
    public String toString() {
        return "DataCluster[" + prefix + " " + cluster + " " + endpoints + "]";
    }

    // ------------------------------------------------------------------ parts

    /** A user and its credentials; {@link #on} is its user-token client on a node. */
    public record User(String name, String password, String token) {
        public PyqlClient on(PyqlNode node) {
            return node.client().withToken(token);
        }

        public PyqlClient basic(PyqlNode node) {
            return node.client().withBasic(name, password);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** One endpoint node and the databases it serves. */
    public static final class DataEndpoint {
        private final String name;
        private final PyqlNode node;
        private final List<Database> databases = new ArrayList<>();
        private volatile String serviceToken;

        DataEndpoint(String name, PyqlNode node) {
            this.name = name;
            this.node = node;
        }

        public String name() {
            return name;
        }

        public PyqlNode node() {
            return node;
        }

        public List<Database> databases() {
            return List.copyOf(databases);
        }

        /** The endpoint's service token ({@code GET /auth/token/local} as its admin), the token the cluster uses. */
        public synchronized String serviceToken() {
            if (serviceToken == null) {
                serviceToken = node.admin().get("/auth/token/local").expect(200).text("PYQL_LOCAL_SERVICE_TOKEN");
            }
            return serviceToken;
        }

        @Override
        public String toString() {
            return name + "(" + node + ")";
        }
    }

    /** One database of an endpoint node: a replica once joined. {@link #id()} is its uuid, the replica's id. */
    public static final class Database {
        private final DataEndpoint endpoint;
        private final String name;
        private final Backend backend;
        private final String mysqlSchema;
        private volatile String uuid;

        Database(DataEndpoint endpoint, String name, Backend backend, String mysqlSchema) {
            this.endpoint = endpoint;
            this.name = name;
            this.backend = backend;
            this.mysqlSchema = mysqlSchema;
        }

        public DataEndpoint endpoint() {
            return endpoint;
        }

        public String name() {
            return name;
        }

        public Backend backend() {
            return backend;
        }

        /** The MySQL schema behind it (null for SQLite). */
        public String mysqlSchema() {
            return mysqlSchema;
        }

        /** The database uuid (the replica id in answers); known once it joined. */
        public String id() {
            if (uuid == null) throw new IllegalStateException(this + " has not joined yet");
            return uuid;
        }

        /** The endpoint's admin on {@code /db/{db}} (direct access, bypassing the cluster). */
        public PyqlClient admin() {
            return endpoint.node.admin();
        }

        /** {@code /db/{db}/table/{t}}. */
        public String tablePath(String table) {
            return "/db/" + name + "/table/" + table;
        }

        @Override
        public String toString() {
            return endpoint.name + "/" + name + " (" + backend.name().toLowerCase(Locale.ROOT) + ")";
        }
    }

    /** Configuration of a fixture: cluster node count and endpoint nodes with their databases. */
    public static final class Builder {
        private final String prefix;
        private int clusterNodes = 3;
        private final Map<String, List<DbSpec>> specs = new LinkedHashMap<>();

        private Builder(String prefix) {
            this.prefix = prefix;
        }

        public Builder clusterNodes(int n) {
            this.clusterNodes = n;
            return this;
        }

        /** An endpoint node {@code name} serving {@code dbs}. MySQL ones are left out when MySQL is unreachable. */
        public Builder endpoint(String name, DbSpec... dbs) {
            specs.put(name, List.of(dbs));
            return this;
        }

        /** Starts everything; on any failure what was started is stopped again before the exception propagates. */
        public DataCluster start() {
            DataCluster dc = new DataCluster(this);
            try {
                return dc.start();
            } catch (RuntimeException | Error e) {
                dc.close();
                throw e;
            }
        }
    }
}
