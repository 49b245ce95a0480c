package org.pyql.coordination;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.naming.InitialContext;
import javax.naming.NamingException;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import org.pyql.config.ClusterSettings;

/**
 * Finds this node's Hazelcast member: Payara Micro's own instance through JNDI {@code payara/Hazelcast} (configured by
 * {@code --hzconfigfile payara/hazelcast.xml}), otherwise (Tomcat, or Payara started with {@code --nohazelcast}) an
 * embedded member built from the same XML on the classpath with {@link ClusterSettings#hazelcastProperties()}. Only an
 * embedded member is shut down by {@link #close()}; Payara's belongs to the server.
 *
 * <p>Not a CDI producer on purpose: Payara already produces {@code HazelcastInstance}, a second producer would be
 * ambiguous (measured on Payara 6.2025.10: both CDI and JNDI give the server's one instance; see {@code DESIGN.md}).
 */
public final class HazelcastProvider implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HazelcastProvider.class.getName());
    static final String JNDI_NAME = "payara/Hazelcast";

    private final HazelcastInstance instance;
    private final boolean embedded;

    private HazelcastProvider(HazelcastInstance instance, boolean embedded) {
        this.instance = instance;
        this.embedded = embedded;
    }

    /** An existing member (tests start theirs from {@link #embeddedConfig}). */
    static HazelcastProvider wrap(HazelcastInstance instance, boolean embedded) {
        return new HazelcastProvider(instance, embedded);
    }

    /** Payara's member if there is a running one, else a new embedded member (blocks until it has joined). */
    public static HazelcastProvider obtain(ClusterSettings settings) {
        HazelcastInstance fromServer = lookupServerInstance();
        if (fromServer != null) {
            LOG.info(() -> "using Payara's Hazelcast member " + fromServer.getCluster().getLocalMember().getAddress()
                    + " in cluster '" + fromServer.getConfig().getClusterName() + "'");
            return new HazelcastProvider(fromServer, false);
        }
        Config config = embeddedConfig(settings);
        config.setClassLoader(HazelcastProvider.class.getClassLoader());
        config.setInstanceName("pyql-" + settings.clusterName() + "-" + settings.hzPort());
        LOG.info(() -> "no server Hazelcast member (JNDI " + JNDI_NAME + "); starting an embedded member on "
                + settings.hzInterface() + ":" + settings.hzPort() + " with " + settings);
        return new HazelcastProvider(Hazelcast.newHazelcastInstance(config), true);
    }

    /** The embedded member's configuration: the packaged XML with this node's variables. */
    public static Config embeddedConfig(ClusterSettings settings) {
        String resource = settings.hazelcastConfigResource();
        try (InputStream in = HazelcastProvider.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing classpath resource " + resource);
            return new XmlConfigBuilder(in).setProperties(settings.hazelcastProperties()).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static HazelcastInstance lookupServerInstance() {
        try {
            Object found = new InitialContext().lookup(JNDI_NAME);
            if (found instanceof HazelcastInstance hz && hz.getLifecycleService().isRunning()) return hz;
            LOG.fine(() -> "JNDI " + JNDI_NAME + " holds " + found + "; not a running Hazelcast member");
            return null;
        } catch (NamingException | RuntimeException e) {
            LOG.log(Level.FINE, "no Hazelcast in JNDI", e);
            return null;
        } catch (NoClassDefFoundError e) {
            return null;
        }
    }

    public HazelcastInstance instance() {
        return instance;
    }

    public boolean embedded() {
        return embedded;
    }

    @Override
    public void close() {
        if (embedded && instance.getLifecycleService().isRunning()) {
            LOG.info("shutting down the embedded Hazelcast member");
            instance.shutdown();
        }
    }
}
