package org.pyql.endpoint;

import java.lang.management.ManagementFactory;
import java.sql.Statement;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.pyql.config.DatabaseSpec;

/** In-process: TableWriter.insert of 10,000 employees rows, median of 7 after 3 warm-ups; rows/s and thread CPU. */
public class BulkBench {
    public static void main(String[] a) throws Exception {
        String kind = a[0];
        DatabaseSpec spec = kind.equals("sqlite")
                ? new DatabaseSpec("main", DatabaseSpec.Kind.SQLITE, "jdbc:sqlite:" + a[1], null, null)
                : new DatabaseSpec("main", DatabaseSpec.Kind.MYSQL, "jdbc:mysql://127.0.0.1:3306/" + a[1], "root", "");
        DataStore store = new DataStore(spec);
        store.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS employees_bulk");
                st.execute("CREATE TABLE employees_bulk (id int PRIMARY KEY, name text, position_id int)");
            }
            return null;
        });
        store.refreshSchema();
        TableWriter w = new TableWriter();
        ObjectMapper m = new ObjectMapper();
        var bean = ManagementFactory.getThreadMXBean();
        int n = 10_000, rounds = 10;
        double[] rate = new double[rounds], cpu = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < n; i++) {
                int id = r * n + i + 1;
                if (i > 0) sb.append(',');
                sb.append("{\"id\":").append(id).append(",\"name\":\"employee ").append(id).append("\",\"position_id\":").append(id % 100).append('}');
            }
            JsonNode body = m.readTree(sb.append(']').toString());
            long c0 = bean.getCurrentThreadCpuTime(), t0 = System.nanoTime();
            w.insert(store, "employees_bulk", body);
            long t1 = System.nanoTime(), c1 = bean.getCurrentThreadCpuTime();
            rate[r] = n / ((t1 - t0) / 1e9);
            cpu[r] = (c1 - c0) / 1e6;
        }
        double[] rr = Arrays.copyOfRange(rate, 3, rounds), cc = Arrays.copyOfRange(cpu, 3, rounds);
        Arrays.sort(rr);
        Arrays.sort(cc);
        System.out.printf("%s: median %.0f rows/s (min %.0f, max %.0f), writer thread CPU median %.0f ms per 10,000 rows; load %s%n",
                kind, rr[3], rr[0], rr[6], cc[3], new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).trim());
        store.withConnection(c -> {
            try (Statement st = c.createStatement()) { st.execute("DROP TABLE employees_bulk"); }
            return null;
        });
        store.close();
    }
}
