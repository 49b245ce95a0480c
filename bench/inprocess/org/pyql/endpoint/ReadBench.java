package org.pyql.endpoint;

import java.lang.management.ManagementFactory;
import java.sql.Statement;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

import org.pyql.config.DatabaseSpec;

/**
 * In-process: TableReader.selectByKey on a 10,000-row MySQL employees table (the JDBC layer of a GET by key without
 * HTTP, auth or JSON), one thread; 5 rounds of 20,000 calls after a warm-up; CPU and wall time per call.
 */
public class ReadBench {
    public static void main(String[] a) throws Exception {
        DataStore store = new DataStore(new DatabaseSpec("main", DatabaseSpec.Kind.MYSQL,
                "jdbc:mysql://127.0.0.1:3306/" + a[0], "root", ""));
        store.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS employees");
                st.execute("CREATE TABLE employees (id int PRIMARY KEY, name text, position_id int)");
                StringBuilder sb = new StringBuilder("INSERT INTO employees VALUES ");
                for (int i = 1; i <= 10_000; i++) sb.append(i > 1 ? "," : "").append('(').append(i).append(",'employee ").append(i).append("',").append(i % 100).append(')');
                st.execute(sb.toString());
            }
            return null;
        });
        store.refreshSchema();
        TableReader r = new TableReader();
        var bean = ManagementFactory.getThreadMXBean();
        int rounds = 6, n = 20_000;
        double[] cpu = new double[rounds], wall = new double[rounds];
        for (int k = 0; k < rounds; k++) {
            long c0 = bean.getCurrentThreadCpuTime(), t0 = System.nanoTime();
            for (int i = 0; i < n; i++) r.selectByKey(store, "employees", Integer.toString(ThreadLocalRandom.current().nextInt(1, 10_001)));
            cpu[k] = (bean.getCurrentThreadCpuTime() - c0) / 1e3 / n;
            wall[k] = (System.nanoTime() - t0) / 1e3 / n;
        }
        double[] c = Arrays.copyOfRange(cpu, 1, rounds), w = Arrays.copyOfRange(wall, 1, rounds);
        Arrays.sort(c);
        Arrays.sort(w);
        System.out.printf("selectByKey: median %.1f us CPU (client thread), %.1f us wall per call; load %s%n", c[2], w[2],
                new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).trim());
        store.withConnection(x -> {
            try (Statement st = x.createStatement()) { st.execute("DROP TABLE employees"); }
            return null;
        });
        store.close();
    }
}
