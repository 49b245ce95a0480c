package org.pyql.e2e.k8s;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.Poll;
import org.pyql.e2e.harness.PyqlClient;
import org.pyql.e2e.harness.PyqlNode;

/**
 * Clients of a data cluster table that go through a {@link SimulatedService}: each request goes to a pod the Service
 * lists at that moment (a ready pod that is not terminating). Each client alternates an insert of a new row with a read
 * of a row acknowledged earlier. Every answer but a 200 (and a read that does not return its row) is a failure, and so
 * is a request that finds no endpoint or whose connection breaks.
 */
final class ClientLoad implements AutoCloseable {
    private final SimulatedService service;
    private final String userToken;
    private final String table;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong nextKey = new AtomicLong(1_000);
    private final List<Long> acknowledged = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();

    /** {@code table} is {@code /cluster/<c>/table/<t>}; rows {@code 1..seedRows} exist already. */
    ClientLoad(SimulatedService service, String userToken, String table, int seedRows) {
        this.service = service;
        this.userToken = userToken;
        this.table = table;
        for (long k = 1; k <= seedRows; k++) acknowledged.add(k);
    }

    void start(int clients) {
        running.set(true);
        for (int i = 0; i < clients; i++) {
            threads.add(Daemons.start("k8s-sim-client-" + i, this::loop));
        }
    }

    private void loop() {
        boolean write = true;
        while (running.get()) {
            PyqlNode pod = service.pick();
            if (pod == null) {
                failures.add("no ready pod in the Service");
                Poll.until("a ready pod", Duration.ofSeconds(60), () -> service.pick());
                continue;
            }
            PyqlClient c = pod.client().withToken(userToken);
            try {
                if (write) insert(c, pod);
                else read(c, pod);
            } catch (AssertionError e) {   // PyqlClient: the connection failed
                failures.add(pod.name() + ": " + e.getMessage());
            }
            write = !write;
        }
    }

    private void insert(PyqlClient c, PyqlNode pod) {
        long k = nextKey.getAndIncrement();
        ObjectNode row = Json.object();
        row.put("order_num", k);
        row.put("symbol", "C" + k);
        row.put("qty", (int) (k % 1000));
        PyqlClient.Response r = c.exchange("POST", table + "/insert", Json.write(row), "application/json");
        if (r.status() == 200) {
            acknowledged.add(k);
            writes.incrementAndGet();
        } else {
            failures.add(pod.name() + " insert " + k + ": " + r.status() + " " + r.raw());
        }
    }

    private void read(PyqlClient c, PyqlNode pod) {
        long k;
        synchronized (acknowledged) {
            k = acknowledged.get(ThreadLocalRandom.current().nextInt(acknowledged.size()));
        }
        PyqlClient.Response r = c.exchange("GET", table + "/" + k, null, null);
        if (r.status() == 200 && r.json().path("data").size() == 1) {
            reads.incrementAndGet();
        } else {
            failures.add(pod.name() + " read " + k + ": " + r.status() + " " + r.raw());
        }
    }

    long requests() {
        return writes.get() + reads.get() + failures.size();
    }

    int writes() {
        return writes.get();
    }

    int reads() {
        return reads.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Polls until {@code n} requests were made in all. */
    void awaitRequests(long n, Duration timeout) {
        Poll.until(n + " client requests", timeout, Duration.ofMillis(200), () -> requests() >= n ? true : null);
    }

    void stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) t.join(Duration.ofSeconds(90).toMillis());
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
