package org.pyql.api;

import java.util.logging.Logger;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * At start-up, on Payara only, gives the container's own HTTP answers the JSON error shape
 * ({@link GrizzlyErrorAnswers}). This class names no Grizzly type, so it loads on Tomcat too, where it does nothing.
 */
@WebListener
public class HttpLayerSetup implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(HttpLayerSetup.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        try {
            Class.forName("org.glassfish.grizzly.filterchain.FilterChain", false, getClass().getClassLoader());
            Class.forName("org.glassfish.internal.api.Globals", false, getClass().getClassLoader());
        } catch (ClassNotFoundException | LinkageError notPayara) {
            return;
        }
        int chains = GrizzlyErrorAnswers.install();
        LOG.fine(() -> "JSON answers for the HTTP layer installed in " + chains + " listener chain(s)");
    }
}
