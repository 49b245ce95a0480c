package org.pyql.e2e.k8s;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.pyql.e2e.harness.PyqlNode;

/**
 * A Kubernetes Service over pods on 127.0.0.1, the way the endpoints controller and kube-proxy make one: the endpoints
 * are the pods whose readiness probe answers 200 and that are not terminating (a pod the StatefulSet controller starts to
 * delete leaves the endpoints at once, before its preStop hook runs). A prober thread polls each pod's readiness route;
 * {@link #pick} chooses a ready pod per request (the client loop), and a TCP proxy on {@link #port()} forwards each
 * connection to a ready pod (what {@code PYQL_CLUSTER_SVC} points at).
 */
final class SimulatedService implements AutoCloseable {
    private static final HttpClient PROBE = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();

    private final String readinessPath;
    private final Map<PyqlNode, Boolean> ready = new ConcurrentHashMap<>();
    private final Map<PyqlNode, Boolean> terminating = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ServerSocket proxy;
    private final Thread prober;
    private final Thread acceptor;

    SimulatedService(String readinessPath, List<PyqlNode> pods) throws IOException {
        this.readinessPath = readinessPath;
        for (PyqlNode p : pods) ready.put(p, false);
        this.proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.prober = Daemons.start("k8s-sim-prober", this::probeLoop);
        this.acceptor = Daemons.start("k8s-sim-proxy", this::acceptLoop);
    }

    int port() {
        return proxy.getLocalPort();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The StatefulSet controller deletes the pod: it leaves the endpoints now. */
    void terminating(PyqlNode pod) {
        terminating.put(pod, true);
    }

    /** The replacement pod exists (same name); it joins the endpoints once its readiness answers 200. */
    void recreated(PyqlNode pod) {
        ready.put(pod, false);
        terminating.remove(pod);
    }

    boolean isEndpoint(PyqlNode pod) {
        return ready.getOrDefault(pod, false) && !terminating.containsKey(pod);
    }

    List<PyqlNode> endpoints() {
        return ready.keySet().stream().filter(this::isEndpoint).toList();
    }

    /** A ready pod, or null when the Service has no endpoints. */
    PyqlNode pick() {
        List<PyqlNode> eps = endpoints();
        return eps.isEmpty() ? null : eps.get(ThreadLocalRandom.current().nextInt(eps.size()));
    }

    private void probeLoop() {
        while (!closed.get()) {
            for (PyqlNode p : List.copyOf(ready.keySet())) ready.put(p, probe(p));
            try {
                Thread.sleep(250);   // the probe period of this simulation (the manifests' is 5 s)
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean probe(PyqlNode p) {
        if (!p.isRunning()) return false;
        try {
            HttpRequest r = HttpRequest.newBuilder(p.url(readinessPath)).timeout(Duration.ofSeconds(3)).GET().build();
            return PROBE.send(r, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void acceptLoop() {
        while (!closed.get()) {
            try {
                Socket client = proxy.accept();
                PyqlNode target = pick();
                if (target == null) {
                    client.close();   // no endpoints: kube-proxy rejects the connection
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target.port());
                AtomicInteger open = new AtomicInteger(2);
                pipe(client, upstream, open);
                pipe(upstream, client, open);
            } catch (IOException e) {
                if (closed.get()) return;
            }
        }
    }

    /** Copies one direction; half-closes the other side at the end, closes both once both directions are done. */
    private static void pipe(Socket from, Socket to, AtomicInteger open) {
        Daemons.start("k8s-sim-pipe", () -> {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
                to.shutdownOutput();
            } catch (IOException broken) {
                closeQuietly(from);   // a reset on one side ends both directions
                closeQuietly(to);
            } finally {
                if (open.decrementAndGet() == 0) {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }
        });
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed.set(true);
        prober.interrupt();
        proxy.close();
    }
}
