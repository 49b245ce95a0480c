package org.pyql.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/**
 * {@code GET /metrics}: the node's metrics in the Prometheus text format (0.0.4), without credentials like the
 * probes: it is scraped from inside the cluster network and shows counts, latencies and replica states, never data,
 * names of users or secrets (see the README's Metrics section for the list and why it is open).
 */
@ApplicationScoped
@Path("metrics")
public class MetricsResource {
    static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    private MetricsSampler sampler;

    @GET
    @Produces(TEXT_FORMAT)
    public String scrape() {
        return sampler.scrape();
    }
}
