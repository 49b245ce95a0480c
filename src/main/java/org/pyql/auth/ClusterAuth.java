package org.pyql.auth;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.coordination.QuorumService;
import org.pyql.error.UnavailableException;

/**
 * Auth on a cluster (or standalone) node: logins are the cluster's users and tokens are signed with the cluster's key
 * ring. Until the node has quorum and loaded the cluster state, logins answer 503 (not 401: the credential may be
 * fine). Once ready it creates the bootstrap admin and the key ring if the cluster has none, and then keeps adopting
 * rotations made on other nodes.
 */
@ApplicationScoped
public class ClusterAuth {
    private static final Logger LOG = Logger.getLogger(ClusterAuth.class.getName());

    @Inject
    private QuorumService quorum;
    @Inject
    private UserService users;
    @Inject
    private KeyService keys;
    @Inject
    private Authenticator authenticator;
    private ScheduledExecutorService timer;
    private volatile boolean bootstrapped;
    /** The last unexpected tick failure logged, so a failure that repeats every tick is logged once. */
    private volatile String lastFailure;

    /** Not ready yet: every login is a 503 with the reason. */
    private static final PrincipalDirectory NOT_READY = new PrincipalDirectory() {
        @Override
        public Optional<Principal> byUsername(String username) {
            throw new UnavailableException("cluster state not loaded yet", "this node has no quorum or is still starting");
        }

        @Override
        public boolean exists(String id) {
            throw new UnavailableException("cluster state not loaded yet", "this node has no quorum or is still starting");
        }
    };

    /**
     * {@code givenPassword} is {@code PYQL_CLUSTER_INIT_ADMIN_PW} (or null); {@code adminPassword} supplies the
     * password of a new admin (the given one, else a generated one) and is called only when the admin is created.
     */
    public synchronized void start(KeyRing localRing, String givenPassword, Supplier<String> adminPassword) {
        authenticator.useDirectory(NOT_READY);
        authenticator.onUnknownKey(() -> bootstrapped && keys.refreshForUnknownKey());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pyql-cluster-auth");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> tick(localRing, givenPassword, adminPassword), 100, 200, TimeUnit.MILLISECONDS);
    }

    private void tick(KeyRing localRing, String givenPassword, Supplier<String> adminPassword) {
        try {
            if (!bootstrapped) {
                if (!quorum.ready()) return;
                if (users.ensureAdmin(adminPassword)) {
                    LOG.info(givenPassword != null ? "created the cluster's user admin with the password in"
                            + " PYQL_CLUSTER_INIT_ADMIN_PW" : "created the cluster's user admin with the generated password");
                } else if (givenPassword != null && !users.passwordMatches("admin", givenPassword)) {
                    // the value is never logged; only that it does not apply
                    LOG.warning("PYQL_CLUSTER_INIT_ADMIN_PW is ignored: the cluster already has its user admin, whose"
                            + " password stays as it was set (change it with POST /auth/user/password)");
                }
                keys.bootstrap(localRing);
                authenticator.useDirectory(users);
                bootstrapped = true;
                LOG.info("cluster auth ready: users and signing keys come from the cluster state");
            } else {
                keys.adopt();
            }
        } catch (UnavailableException e) {
            LOG.log(Level.FINE, "cluster auth not ready yet", e);   // quorum or state not there yet: retried in 200 ms
        } catch (RuntimeException e) {
            // anything else (a corrupt key ring, a failing state DB) needs an operator; log each new reason once
            String reason = e.getClass().getName() + ": " + e.getMessage();
            if (!reason.equals(lastFailure)) {
                lastFailure = reason;
                LOG.log(Level.WARNING, "cluster auth tick failed (retrying every 200 ms)", e);
            }
        }
    }

    public boolean ready() {
        return bootstrapped;
    }

    @PreDestroy
    synchronized void stop() {
        if (timer != null) timer.shutdownNow();
    }
}
