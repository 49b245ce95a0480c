/**
 * The node's metrics: one Micrometer {@link io.micrometer.prometheusmetrics.PrometheusMeterRegistry} behind the narrow
 * hooks of {@link org.pyql.metrics.PyqlMetrics} (a request served, a batch sequenced, a batch applied, a CP call) and
 * the gauges the API samples from the cluster state at scrape time ({@link org.pyql.metrics.PyqlMetrics#sampled}).
 * A leaf: it knows no project package, so every layer may report to it. Served as Prometheus text at {@code /metrics}
 * (org.pyql.api.MetricsResource); the list of metrics is in the README.
 */
package org.pyql.metrics;
