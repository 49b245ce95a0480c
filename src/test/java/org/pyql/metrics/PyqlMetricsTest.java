package org.pyql.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PyqlMetricsTest {
    @Test
    void lagIsZeroInSyncAndCountsFromTheLastConfirmedSeqOutOfSync() {
        PyqlMetrics m = new PyqlMetrics();
        assertNull(m.replicaLag("c1", "t", "r1", true), "a node that never led the table reports nothing");
        m.batchSequenced("c1", "t", 10, 1_000_000, 10, List.of("r1", "r2"));
        m.batchSequenced("c1", "t", 5, 1_000_000, 15, List.of("r1"));   // r2 failed and was marked out of sync
        assertEquals(0L, m.replicaLag("c1", "t", "r1", true));
        assertEquals(5L, m.replicaLag("c1", "t", "r2", false));
        assertEquals(15L, m.replicaLag("c1", "t", "r3", false), "a replica that never confirmed is behind by all");
        assertEquals(0L, m.replicaLag("c1", "t", "r2", true), "healed: in sync means every acked write is applied");
    }

    @Test
    void histogramsHaveFixedBucketsAndOneSeriesPerLabelSet() {
        PyqlMetrics m = new PyqlMetrics();
        for (int i = 0; i < 3; i++) m.request("GET", "/cluster/{name}", 200, 3_000_000);
        m.request("GET", "/cluster/{name}", 404, 1_000_000);
        String text = m.scrape();
        assertTrue(text.contains("# TYPE pyql_http_requests_seconds histogram"), text);
        assertTrue(text.contains("pyql_http_requests_seconds_count{method=\"GET\",route=\"/cluster/{name}\",status=\"200\"} 3"),
                text);
        assertTrue(text.contains("pyql_http_requests_seconds_bucket{method=\"GET\",route=\"/cluster/{name}\",status=\"200\",le=\"0.005\"} 3"),
                text);
        assertFalse(text.contains("quantile"), "no client-side percentiles");
    }

    @Test
    void sampledGaugesShowOnlyTheLastSample() {
        PyqlMetrics m = new PyqlMetrics();
        m.sampled("pyql.replicas", "help", List.of("table", "state"), List.of(
                new PyqlMetrics.Sample(List.of("a", "in_sync"), 2), new PyqlMetrics.Sample(List.of("b", "in_sync"), 1)));
        m.sampled("pyql.replicas", "help", List.of("table", "state"), List.of(
                new PyqlMetrics.Sample(List.of("a", "in_sync"), 3)));
        String text = m.scrape();
        assertTrue(text.contains("pyql_replicas{state=\"in_sync\",table=\"a\"} 3.0"), text);
        assertFalse(text.contains("table=\"b\""), "a dropped table's series disappears: " + text);
    }

    @Test
    void refusedAppliesAreCountedWithoutTheirUrlLabels() {
        PyqlMetrics m = new PyqlMetrics();
        m.batchApplied("main", "no_such_table_" + 1, 3, 1_000, false);
        String text = m.scrape();
        assertTrue(text.contains("outcome=\"refused\""), text);
        assertFalse(text.contains("no_such_table_1"), text);
    }
}
