package org.pyql.api;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * On Payara only, gives the container's own HTTP answers the JSON error shape ({@link GrizzlyErrorAnswers}) and
 * answers every request 503 JSON once the node is stopping ({@link StoppingAnswer}, marked by a JVM shutdown hook
 * and by {@link #contextDestroyed}). This class names no Grizzly type, so it loads on Tomcat too, where it does
 * nothing.
 *
 * <p>A client never sees a node that is merely starting: {@code payara/pre-boot-commands.asadmin} keeps Payara's
 * HTTP listener disabled (connections are refused) and {@code payara/post-deploy-commands.asadmin} enables it once
 * the application is deployed, instead of Payara's HTML 404 page for every request while the WAR deploys. The
 * listener is then created after this listener ran, so its filter chain is looked for until it exists
 * ({@link #awaitListener}); without those command files the listener already runs here and gets the filters at once.
 */
@WebListener
public class HttpLayerSetup implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(HttpLayerSetup.class.getName());
    /** How often the not yet started listener is looked for: the window in which it lacks the filters. */
    private static final Duration LISTENER_POLL = Duration.ofMillis(10);
    /** How long after deployment the listener may take to start before this gives up (and says so). */
    private static final Duration LISTENER_WAIT = Duration.ofMinutes(10);
    /** How long after the first chain a replacing chain is still looked for. */
    private static final Duration LISTENER_SETTLE = Duration.ofSeconds(30);

    private Thread hook;
    private Thread watcher;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        try {
            Class.forName("org.glassfish.grizzly.filterchain.FilterChain", false, getClass().getClassLoader());
            Class.forName("org.glassfish.internal.api.Globals", false, getClass().getClassLoader());
        } catch (ClassNotFoundException | LinkageError notPayara) {
            return;
        }
        hook = StoppingAnswer.shutdownHook();
        Runtime.getRuntime().addShutdownHook(hook);
        int chains = GrizzlyErrorAnswers.install();
        if (chains > 0) {
            LOG.fine(() -> "JSON answers for the HTTP layer installed in " + chains + " listener chain(s)");
            return;
        }
        watcher = new Thread(HttpLayerSetup::awaitListener, "pyql-http-listener-setup");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * Installs the filters as soon as the HTTP listener (enabled after deployment) has a filter chain, and into any
     * chain that replaces it within {@link #LISTENER_SETTLE} (enabling the listener may restart it once).
     */
    private static void awaitListener() {
        long deadline = System.nanoTime() + LISTENER_WAIT.toNanos();
        boolean installed = false;
        try {
            while (System.nanoTime() - deadline < 0) {
                int chains = GrizzlyErrorAnswers.install();
                if (chains > 0 && !installed) {
                    installed = true;
                    deadline = System.nanoTime() + LISTENER_SETTLE.toNanos();
                    LOG.fine(() -> "JSON answers for the HTTP layer installed in " + chains + " listener chain(s)");
                }
                Thread.sleep(LISTENER_POLL.toMillis());
            }
            if (!installed) {
                LOG.warning("Payara's HTTP listener did not start within " + LISTENER_WAIT.toMinutes() + " minutes of"
                        + " deployment; its own error answers keep an empty body");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (hook == null) return;
        StoppingAnswer.stopping();
        if (watcher != null) watcher.interrupt();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting: the hook has run already
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "shutdown hook not removed", e);
        }
    }
}
