package org.pyql.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The hooks the node reports to, and the Prometheus text of everything reported. Each hook is one cached meter lookup
 * (a map keyed by the label values) and one record: the meters are made once per label set, never per call. Latencies
 * are histograms with fixed buckets (Prometheus {@code _bucket} series, so quantiles aggregate across nodes), not
 * client-side percentiles.
 */
@ApplicationScoped
public class PyqlMetrics {
    /** Request and CP latencies: 1 ms to 10 s. */
    private static final Duration[] LATENCY_BUCKETS = durations(1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500,
            5_000, 10_000);
    /** Ops per replication batch: 1 to the sequencer's maximum of 500. */
    private static final double[] BATCH_BUCKETS = {1, 2, 5, 10, 20, 50, 100, 200, 500};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    {
        // the JVM's own: heap and non-heap, threads, CPU, uptime (jvm_*, process_*, system_*)
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.UptimeMetrics().bindTo(registry);
    }
    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();
    private final Map<List<String>, DistributionSummary> summaries = new ConcurrentHashMap<>();
    private final Map<String, MultiGauge> gauges = new ConcurrentHashMap<>();
    /** The leader's view of each table: acked seq, and the last seq each replica confirmed ({@link #replicaLag}). */
    private final Map<List<String>, Long> acked = new ConcurrentHashMap<>();
    private final Map<List<String>, Long> confirmed = new ConcurrentHashMap<>();

    /** One HTTP request answered: method, the route template (e.g. {@code /cluster/{name}/table/{t}}), status. */
    public void request(String method, String route, int status, long nanos) {
        timer("pyql.http.requests", "HTTP requests by route template and status", "method", method, "route", route,
                "status", Integer.toString(status)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * A table leader sent a batch of {@code ops} writes and settled it ({@code nanos} from sending to every answer);
     * {@code confirmedBy} are the replicas that applied it up to {@code ackedSeq}.
     */
    public void batchSequenced(String clusterId, String table, int ops, long nanos, long ackedSeq,
                               Collection<String> confirmedBy) {
        summary("pyql.replication.batch.ops", "writes per replication batch sent by a table leader",
                "cluster_id", clusterId, "table", table).record(ops);
        timer("pyql.replication.batch", "a table leader's batch: sent to every in-sync replica until all answered",
                "cluster_id", clusterId, "table", table).record(nanos, TimeUnit.NANOSECONDS);
        acked.put(List.of(clusterId, table), ackedSeq);
        for (String replica : confirmedBy) confirmed.put(List.of(clusterId, table, replica), ackedSeq);
    }

    /**
     * A data endpoint applied (or refused, {@code ok} false) a sequenced batch of {@code ops} writes. Refusals are
     * counted without db and table: those come from the URL, and a refused one may name no real table.
     */
    public void batchApplied(String db, String table, int ops, long nanos, boolean ok) {
        if (!ok) {
            timer("pyql.endpoint.apply", "a data endpoint applying one sequenced batch in one transaction", "db", "",
                    "table", "", "outcome", "refused").record(nanos, TimeUnit.NANOSECONDS);
            return;
        }
        timer("pyql.endpoint.apply", "a data endpoint applying one sequenced batch in one transaction", "db", db,
                "table", table, "outcome", ok ? "ok" : "refused").record(nanos, TimeUnit.NANOSECONDS);
        summary("pyql.endpoint.apply.ops", "writes per sequenced batch applied by a data endpoint", "db", db,
                "table", table).record(ops);
    }

    /** One CP call of the data path ({@code op}: read, compare-and-set, lock), retries included. */
    public void cpCall(String op, long nanos, boolean ok) {
        timer("pyql.cp.calls", "CP subsystem calls of the data path, retries of a leader change included", "op", op,
                "outcome", ok ? "ok" : "failed").record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Seqs replica {@code replica} of the table is behind as far as this node (the table's leader) knows: 0 for an
     * in-sync replica (every acked write was applied by all in-sync replicas), else the acked seq minus the last seq
     * it confirmed. Null when this node has not led the table.
     */
    public Long replicaLag(String clusterId, String table, String replica, boolean inSync) {
        Long top = acked.get(List.of(clusterId, table));
        if (top == null) return null;
        if (inSync) return 0L;
        return Math.max(0, top - confirmed.getOrDefault(List.of(clusterId, table, replica), 0L));
    }

    /** One sampled value of a gauge: its label values (in the gauge's label order) and the value. */
    public record Sample(List<String> labels, double value) {
    }

    /**
     * Replaces every series of gauge {@code name} with {@code samples}: series absent from {@code samples} disappear
     * (a table that was dropped, a job that finished), so a gauge always shows the state of the last scrape.
     */
    public void sampled(String name, String help, List<String> labelNames, List<Sample> samples) {
        MultiGauge g = gauges.computeIfAbsent(name, n -> MultiGauge.builder(n).description(help).register(registry));
        List<MultiGauge.Row<?>> rows = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            Tags tags = Tags.empty();
            for (int i = 0; i < labelNames.size(); i++) tags = tags.and(labelNames.get(i), s.labels().get(i));
            rows.add(MultiGauge.Row.of(tags, s.value()));
        }
        g.register(rows, true);
    }

    /** Everything above in the Prometheus text exposition format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    private Timer timer(String name, String help, String... tags) {
        List<String> key = key(name, tags);
        Timer t = timers.get(key);
        if (t != null) return t;
        return timers.computeIfAbsent(key, k -> Timer.builder(name).description(help).tags(tags)
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry));
    }

    private DistributionSummary summary(String name, String help, String... tags) {
        List<String> key = key(name, tags);
        DistributionSummary s = summaries.get(key);
        if (s != null) return s;
        return summaries.computeIfAbsent(key, k -> DistributionSummary.builder(name).description(help).tags(tags)
                .serviceLevelObjectives(BATCH_BUCKETS).register(registry));
    }

    private static List<String> key(String name, String... tags) {
        String[] k = new String[tags.length + 1];
        k[0] = name;
        System.arraycopy(tags, 0, k, 1, tags.length);
        return List.of(k);
    }

    private static Duration[] durations(long... millis) {
        Duration[] d = new Duration[millis.length];
        for (int i = 0; i < millis.length; i++) d[i] = Duration.ofMillis(millis[i]);
        return d;
    }
}
