package org.pyql.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import org.pyql.auth.ClusterAuth;
import org.pyql.auth.TokenIssuer;
import org.pyql.auth.UserService;
import org.pyql.cluster.ClusterTables;
import org.pyql.cluster.DataClusters;
import org.pyql.cluster.join.EndpointJoin;
import org.pyql.cluster.join.JoinRequest;
import org.pyql.cluster.write.WriteOutcome;
import org.pyql.config.PyqlConfig;
import org.pyql.coordination.ClusterStateService;
import org.pyql.coordination.QuorumService;
import org.pyql.coordination.StateKind;
import org.pyql.endpoint.DataStore;
import org.pyql.endpoint.DataStores;
import org.pyql.endpoint.replication.ReplicationClaims;
import org.pyql.error.ConflictException;
import org.pyql.error.PyqlException;
import org.pyql.query.TableSchema;
import org.pyql.replication.ReplicaClaim;
import org.pyql.state.ClusterEntity;
import org.pyql.state.UserEntity;

/**
 * The all-in-one node is its own data cluster: once it is ready, its local databases join the data cluster
 * {@value #CLUSTER} owned by {@code admin} (every table becomes a replicated table with this node's database as its
 * replica), so {@code /cluster/main/table/...} works a minute after cloning. It re-registers every
 * {@link #REFRESH_MINUTES} minutes and after a {@code /db} create (a fresh endpoint token, new tables). {@code /db}
 * writes on those tables go through the same sequencer as the cluster API ({@link #write}), so the endpoint API keeps
 * working as before while the cluster's order and positions stay right.
 */
@ApplicationScoped
public class LocalDataCluster {
    private static final Logger LOG = Logger.getLogger(LocalDataCluster.class.getName());
    public static final String CLUSTER = "main";
    static final long REFRESH_MINUTES = 10;
    /** The endpoint token lives longer than the refresh period, so a missed refresh never cuts the node off itself. */
    static final long TOKEN_TTL_SECONDS = 24 * 3600;

    @Inject
    private QuorumService quorum;
    @Inject
    private ClusterAuth clusterAuth;
    @Inject
    private UserService users;
    @Inject
    private TokenIssuer tokens;
    @Inject
    private ClusterStateService state;
    @Inject
    private DataStores stores;
    @Inject
    private ReplicationClaims claims;
    @Inject
    private EndpointJoin endpointJoin;
    @Inject
    private ClusterTables tables;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pyql-local-cluster");
        t.setDaemon(true);
        return t;
    });
    private volatile PyqlConfig config;
    private volatile boolean registered;
    private volatile long lastRegistered;

    void start(PyqlConfig cfg) {
        this.config = cfg;
        timer.scheduleWithFixedDelay(this::registerQuietly, 1, 1, TimeUnit.SECONDS);
    }

    /** Every second until registered, then every {@link #REFRESH_MINUTES} minutes. */
    private void registerQuietly() {
        long now = System.currentTimeMillis();
        if (registered && now - lastRegistered < TimeUnit.MINUTES.toMillis(REFRESH_MINUTES)) return;
        try {
            if (!quorum.ready() || !clusterAuth.ready()) return;
            register();
            if (!registered) LOG.info(() -> "local databases joined data cluster " + CLUSTER + " (owner admin)");
            registered = true;
        } catch (RuntimeException e) {
            LOG.log(registered ? Level.WARNING : Level.FINE, "registering the local data cluster failed (retried)", e);
        }
    }

    /** Joins every local database's tables to cluster main (idempotent). */
    synchronized void register() {
        UserEntity admin = users.find("admin").orElseThrow(() -> new IllegalStateException("no admin user yet"));
        ClusterEntity cluster = cluster(admin);
        String token = tokens.forNode(admin.getUid(), admin.getUsername(), TOKEN_TTL_SECONDS);
        for (DataStore store : stores.all()) {
            Map<String, TableSchema> defs = new LinkedHashMap<>();
            for (TableSchema t : store.tables()) {
                Optional<ReplicaClaim> claim = claims.clusterOf(store.name(), t.name());
                if (claim.isEmpty() || claim.get().cluster().equals(cluster.getId())) defs.put(t.name(), t);
            }
            endpointJoin.wire(cluster, new JoinRequest("local-" + store.name(), "127.0.0.1:" + config.port(), token,
                    store.name(), claims.databaseUuid(store.name()), defs));
        }
        lastRegistered = System.currentTimeMillis();
    }

    private ClusterEntity cluster(UserEntity admin) {
        String id = DataClusters.id(admin.getUid(), CLUSTER);
        return state.get(StateKind.CLUSTERS, id).orElseGet(() -> {
            try {
                return state.create(StateKind.CLUSTERS, new ClusterEntity(id, CLUSTER, admin.getUid(), "{}",
                        System.currentTimeMillis()));
            } catch (ConflictException race) {
                return state.get(StateKind.CLUSTERS, id).orElseThrow(() -> race);
            }
        });
    }

    /** Whether {@code /db} writes on this table go through the local cluster's sequencer (else {@code /db} decides). */
    boolean sequences(String db, String table) {
        return config != null && config.role() == org.pyql.config.NodeRole.STANDALONE
                && claims.clusterOf(db, table).isPresent();
    }

    /**
     * A {@code /db} write on a replicated table of the all-in-one node: sequenced like a cluster write, answered in
     * the {@code /db} shape (this database's own outcome).
     */
    Response write(String db, String table, String action, String key, JsonNode body) {
        ReplicaClaim claim = claims.clusterOf(db, table).orElseThrow();
        var target = tables.targetById(claim.cluster(), table);
        WriteOutcome o = tables.write(null, target, action, key, body, null, true, url -> null);
        if (o.notLeader()) {
            throw new org.pyql.error.UnavailableException("table leader moving", "try again");
        }
        JsonNode own = o.body().path("message").path(claims.databaseUuid(db)).path("content");
        if (o.status() == 200 && own.isObject()) return Response.ok(own).build();
        ObjectNode err = o.body().deepCopy();
        err.remove("message");
        return Response.status(o.status()).entity(err).build();
    }

    /** After a {@code /db} create on the all-in-one node: the new tables join cluster main at once. */
    void tablesCreated() {
        if (config == null || config.role() != org.pyql.config.NodeRole.STANDALONE || !registered) return;
        try {
            register();
        } catch (PyqlException | IllegalStateException e) {
            LOG.log(Level.WARNING, "new tables could not join data cluster " + CLUSTER + " yet (retried in "
                    + REFRESH_MINUTES + " min)", e);
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
