package org.pyql.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.UUID;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.pyql.auth.Authenticator;
import org.pyql.auth.PasswordHasher;
import org.pyql.auth.ClusterAuth;
import org.pyql.auth.KeyRing;
import org.pyql.auth.LocalPrincipals;
import org.pyql.config.AutoJoinSettings;
import org.pyql.config.NodeRole;
import org.pyql.config.PyqlConfig;
import org.pyql.coordination.Coordination;
import org.pyql.endpoint.DataStores;
import org.pyql.endpoint.join.AutoJoiner;
import org.pyql.endpoint.replication.ReplicationClaims;
import org.pyql.state.PrincipalEntity;
import org.pyql.state.SecretSealer;
import org.pyql.state.StateStore;

/**
 * Brings the node up when the application starts: configuration, local state, the node id and signing key, the
 * bootstrap admin, and (for endpoint roles) the databases. Ends with the one "ready" log line.
 */
@ApplicationScoped
public class NodeStartup {
    private static final Logger LOG = Logger.getLogger(NodeStartup.class.getName());
    static final String ADMIN_PASSWORD_FILE = "admin-password";

    @Inject
    private StateStore state;
    @Inject
    private DataStores dataStores;
    @Inject
    private Authenticator authenticator;
    @Inject
    private ClusterAuth clusterAuth;
    @Inject
    private Coordination coordination;
    @Inject
    private ReplicationClaims replicationClaims;
    @Inject
    private AutoJoiner autoJoiner;
    @Inject
    private org.pyql.auth.TokenIssuer tokenIssuer;

    private PyqlConfig config;
    private volatile String nodeId;
    @Inject
    private LocalDataCluster localDataCluster;
    @Inject
    private org.pyql.cluster.heal.HealthChecker healthChecker;

    /**
     * A node that cannot start (bad configuration, unusable data directory) exits with status 3 instead of lingering
     * as a deployed-but-broken server, so scripts and Kubernetes see the failure at once. Set
     * {@code PYQL_EXIT_ON_START_FAILURE=false} to keep the JVM (e.g. when other applications share the server).
     */
    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        try {
            bringUp();
        } catch (RuntimeException e) {
            LOG.log(java.util.logging.Level.SEVERE, "pyql node failed to start: " + e.getMessage(), e);
            if (PyqlConfig.exitOnStartFailure()) {
                new Thread(() -> System.exit(3), "pyql-start-failure-exit").start();
            }
            throw e;
        }
    }

    private void bringUp() {
        config = PyqlConfig.load();
        if (config.logFormat() == PyqlConfig.LogFormat.JSON) org.pyql.logging.JsonLineFormatter.install(() -> nodeId);
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.dataDir(), e);
        }
        SecretSealer.install(config.dataDir(), config.keyEncryptionKey());
        state.open(config.dataDir());
        nodeId = state.settingOrCreate("node.id", () -> UUID.randomUUID().toString());
        // the node's own key ring (a data endpoint's keys; a cluster's first ring), sealed like every secret at rest
        KeyRing localRing = KeyRing.fromJsonText(SecretSealer.open(state.settingOrCreate("token.keys.sealed",
                () -> SecretSealer.seal(KeyRing.generate(System.currentTimeMillis()).toJson().toString()))));
        authenticator.useKeys(localRing);
        AutoJoinSettings autoJoin = config.role() == NodeRole.ENDPOINT ? AutoJoinSettings.load() : null;
        if (config.role().servesEndpoint()) {
            dataStores.open(config.databases());
            replicationClaims.openAll();   // internal tables, database uuids, claimed tables
        }
        if (config.role().servesCluster()) {
            // users and keys are the cluster's: available once this node has quorum
            clusterAuth.start(localRing, config.initAdminPassword(), this::adminPassword);
            coordination.start(config, nodeId);   // Hazelcast, CP quorum, cluster state: on background threads
            if (config.role() == NodeRole.STANDALONE) localDataCluster.start(config);   // data cluster "main"
            healthChecker.start();   // heals the replicas of the tables this node sequences
        } else {
            ensureLocalAdmin();
            authenticator.useDirectory(new LocalPrincipals(state));
        }
        if (autoJoin != null && autoJoin.enabled()) {
            startAutoJoin(autoJoin);
        }
        LOG.info(() -> String.format("pyql node ready: role=%s port=%d data=%s databases=%s node=%s",
                config.role().name().toLowerCase(Locale.ROOT), config.port(), config.dataDir(), config.databases(), nodeId));
    }

    /** PYQL_TYPE=K8S: join the data cluster in the background, with a fresh service token of the local admin. */
    private void startAutoJoin(AutoJoinSettings settings) {
        PrincipalEntity admin = state.principalByUsername("admin")
                .orElseThrow(() -> new IllegalStateException("no local admin to issue the endpoint's service token"));
        String token = tokenIssuer.forNode(admin.getId(), admin.getUsername(), settings.endpointTokenTtlSeconds());
        LOG.info(() -> "auto-join configured: " + settings);
        autoJoiner.start(settings, config.port(), token);
    }

    /** A data endpoint's first start creates its local user {@code admin}. */
    private void ensureLocalAdmin() {
        var existing = state.principalByUsername("admin");
        if (existing.isPresent()) {
            String given = config.initAdminPassword();
            if (given != null && !PasswordHasher.verify(given, existing.get().getPasswordHash())) {
                LOG.warning("PYQL_CLUSTER_INIT_ADMIN_PW is ignored: this data directory already has its user admin,"
                        + " whose password stays as it was set");
            }
            return;
        }
        state.save(new PrincipalEntity(UUID.randomUUID().toString(), "admin", null, PasswordHasher.hash(adminPassword()),
                "admin", System.currentTimeMillis()));
        LOG.info("created user admin");
    }

    /**
     * The bootstrap admin's password: PYQL_CLUSTER_INIT_ADMIN_PW, else one generated once into a 0600 file in the data
     * directory (asked for only when an admin must be created).
     */
    private String adminPassword() {
        String password = config.initAdminPassword();
        if (password == null) {
            Path file = config.dataDir().resolve(ADMIN_PASSWORD_FILE);
            try {
                if (Files.exists(file)) {
                    password = Files.readString(file).trim();
                } else {
                    password = PasswordHasher.generatePassword();
                    Files.writeString(file, password + "\n");
                    try {
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException notPosix) {
                        // non-POSIX file systems keep their default permissions
                    }
                    LOG.info(() -> "generated the admin password; it is in " + file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store the admin password in " + file, e);
            }
        }
        return password;
    }

    public PyqlConfig config() { return config; }

    public String nodeId() { return nodeId; }

    public Authenticator authenticator() { return authenticator; }
}
