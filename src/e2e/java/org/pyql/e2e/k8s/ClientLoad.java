package org.pyql.e2e.k8s;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
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
 * of a row acknowledged earlier. They keep the client contract of {@code k8s/README.md}: every write carries an
 * {@code Idempotency-Key}; a request whose connection broke without an answer (refused, reset: the pod went away) is
 * sent again to another pod, a write with the same key, at most {@link #ATTEMPTS} times, and so is one a stopping node
 * refused with 503 "node is stopping" (it never reached the application). Every other answer but a 200 (and a read that
 * does not return its row) is a failure, and so is a request that finds no endpoint or fails every attempt.
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
    private final AtomicInteger resent = new AtomicInteger();
    static final int ATTEMPTS = 3;

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
            if (write) insert(pod);
            else read(pod);
            write = !write;
        }
    }

    private void insert(PyqlNode first) {
        long k = nextKey.getAndIncrement();
        ObjectNode row = Json.object();
        row.put("order_num", k);
        row.put("symbol", "C" + k);
        row.put("qty", (int) (k % 1000));
        String idempotencyKey = "k8s-sim-" + UUID.randomUUID();
        Answer a = send(first, c -> c.withHeader("Idempotency-Key", idempotencyKey)
                .exchange("POST", table + "/insert", Json.write(row), "application/json"));
        if (a.response() != null && a.response().status() == 200) {
            acknowledged.add(k);
            writes.incrementAndGet();
        } else {
            failures.add(a.pod() + " insert " + k + ": " + a.describe());
        }
    }

    private void read(PyqlNode first) {
        long k;
        synchronized (acknowledged) {
            k = acknowledged.get(ThreadLocalRandom.current().nextInt(acknowledged.size()));
        }
        Answer a = send(first, c -> c.exchange("GET", table + "/" + k, null, null));
        if (a.response() != null && a.response().status() == 200 && a.response().json().path("data").size() == 1) {
            reads.incrementAndGet();
        } else {
            failures.add(a.pod() + " read " + k + ": " + a.describe());
        }
    }

    /** The last attempt's answer (null response: the connection failed) and the pod it went to. */
    private record Answer(String pod, PyqlClient.Response response, String transportFailure) {
        String describe() {
            return response == null ? transportFailure : response.status() + " " + response.raw();
        }
    }

    /** Sends to {@code first}, then again to another ready pod while the answer says the request was not processed. */
    private Answer send(PyqlNode first, java.util.function.Function<PyqlClient, PyqlClient.Response> request) {
        PyqlNode pod = first;
        Answer a = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                a = new Answer(pod.name(), request.apply(pod.client().withToken(userToken)), null);
            } catch (AssertionError e) {   // PyqlClient: the connection failed, no answer
                a = new Answer(pod.name(), null, e.getMessage());
            }
            if (!notProcessed(a.response()) || attempt == ATTEMPTS) return a;
            resent.incrementAndGet();
            PyqlNode next = service.pick();
            if (next != null) pod = next;
        }
        return a;
    }

    /** No answer at all, or a stopping node's 503 that never reached the application. */
    private static boolean notProcessed(PyqlClient.Response r) {
        if (r == null) return true;
        return r.status() == 503 && r.raw().contains("\"node is stopping\"");
    }

    /** Requests sent again after a broken connection or a stopping node's refusal. */
    int resent() {
        return resent.get();
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
