package org.pyql.e2e.data;

import static org.pyql.e2e.data.DataCluster.mysql;
import static org.pyql.e2e.data.DataCluster.sqlite;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: ONE {@link DataCluster} for the data-path classes that do not kill processes (story, mixed
 * back ends, authorization, order, idempotency), started on first use and closed when the run ends: 3 cluster nodes
 * and 3 endpoint nodes (six Payara processes is what two cores can start in a minute or two). Each class uses its own
 * databases of the endpoints and its own data clusters, so the classes run in any order:
 *
 * <ul>
 *   <li>{@code story} (SQLite on e1, e2, e3) and {@code storym} (MySQL on e1, e2): the README's data-cluster story;</li>
 *   <li>{@code mixs} (SQLite on e1) and {@code mixm} (MySQL on e2): one table replicated across both back ends;</li>
 *   <li>{@code authz} (SQLite on e1, e2): the access matrix;</li>
 *   <li>{@code orders} (SQLite on e1, e2, e3): concurrent writers;</li>
 *   <li>{@code idem} (SQLite on e1, e3): Idempotency-Key retries.</li>
 * </ul>
 * A start failure is remembered, so every class fails fast with the same cause.
 */
public final class SharedDataCluster implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SharedDataCluster.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        holder(context).get();
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == DataCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return holder(e).get();
    }

    private static Holder holder(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(Holder.class, k -> new Holder(), Holder.class);
    }

    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        private DataCluster cluster;
        private RuntimeException failure;

        synchronized DataCluster get() {
            if (cluster != null) return cluster;
            if (failure != null) throw new IllegalStateException("the shared data cluster failed to start earlier", failure);
            try {
                cluster = DataCluster.builder("data").clusterNodes(3)
                        .endpoint("e1", sqlite("story"), mysql("storym"), sqlite("mixs"), sqlite("authz"), sqlite("orders"),
                                sqlite("idem"))
                        .endpoint("e2", sqlite("story"), mysql("storym"), mysql("mixm"), sqlite("authz"), sqlite("orders"))
                        .endpoint("e3", sqlite("story"), sqlite("orders"), sqlite("idem"))
                        .start();
                return cluster;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public synchronized void close() {
            if (cluster != null) cluster.close();
        }
    }
}
