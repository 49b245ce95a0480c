package org.pyql.e2e.partition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces for partition tests, made with Debian's iproute2 ({@code ip netns}, veth pairs, a bridge), all
 * created by this class under names unique to the run and removed by {@link #close()} and by a JVM shutdown hook.
 *
 * <p>Host {@code i} (1-based) is namespace {@code pyql-<run>-<i>} with two links:
 * <ul>
 *   <li>the <b>cluster link</b>: a veth pair whose other end is a port of the run's bridge; address
 *       {@code 10.213.<o>.(10+i)/24}. Node-to-node traffic (Hazelcast, and anything a node sends to another) has only
 *       this way. {@link #cut(int)} sets the namespace's end down; {@link #heal(int)} sets it up again.</li>
 *   <li>the <b>control link</b>: a veth pair straight to the root namespace, {@code 10.214.<o>.(4i-2)/30} (the root end
 *       is {@code 4i-3}); the test talks HTTP to the node over it, so a cut-off node can still be asked what it
 *       answers. No namespace has a route to another one over it (no default route), so it carries no node-to-node
 *       traffic.</li>
 * </ul>
 * The octet {@code o} is random among those no local address uses. Needs root (CAP_NET_ADMIN).
 */
public final class NetnsNetwork implements AutoCloseable {
    private final String run;
    private final int octet;
    private final int hosts;
    private final List<String> created = new ArrayList<>();   // namespaces and root-side links, for cleanup
    private volatile boolean closed;
    private final Thread hook;

    private NetnsNetwork(String run, int octet, int hosts) {
        this.run = run;
        this.octet = octet;
        this.hosts = hosts;
        this.hook = new Thread(this::cleanup, "pyql-e2e-netns-reaper-" + run);
    }

    /**
     * Creates the bridge and {@code hosts} namespaces. Throws {@link IllegalStateException} when a namespace cannot be
     * created (not root, no iproute2), after removing whatever was made.
     */
    public static NetnsNetwork create(int hosts, Random random) {
        byte[] id = new byte[2];
        random.nextBytes(id);
        String run = HexFormat.of().formatHex(id);
        String addresses = ip("-o", "addr").out();
        int octet = -1;
        for (int attempt = 0; attempt < 50 && octet < 0; attempt++) {
            int o = 1 + random.nextInt(254);
            if (!addresses.contains("10.213." + o + ".") && !addresses.contains("10.214." + o + ".")) octet = o;
        }
        if (octet < 0) throw new IllegalStateException("no free 10.213.x.0/24 subnet");
        NetnsNetwork net = new NetnsNetwork(run, octet, hosts);
        Runtime.getRuntime().addShutdownHook(net.hook);
        try {
            net.build();
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
        return net;
    }

    private void build() {
        String bridge = "pq" + run + "br";
        must(ip("link", "add", bridge, "type", "bridge"), "create bridge " + bridge);
        created.add("link:" + bridge);
        must(ip("link", "set", bridge, "up"), "bridge up");
        for (int i = 1; i <= hosts; i++) {
            String ns = namespace(i);
            must(ip("netns", "add", ns), "create network namespace " + ns);
            created.add("netns:" + ns);
            String hostEnd = "pq" + run + "h" + i;
            String nsEnd = "pq" + run + "n" + i;
            must(ip("link", "add", hostEnd, "type", "veth", "peer", "name", nsEnd), "veth " + hostEnd);
            created.add("link:" + hostEnd);
            must(ip("link", "set", nsEnd, "netns", ns), "move " + nsEnd);
            must(ip("link", "set", hostEnd, "master", bridge), "attach " + hostEnd);
            must(ip("link", "set", hostEnd, "up"), hostEnd + " up");
            String ctlHost = "pq" + run + "c" + i;
            String ctlNs = "pq" + run + "d" + i;
            must(ip("link", "add", ctlHost, "type", "veth", "peer", "name", ctlNs), "veth " + ctlHost);
            created.add("link:" + ctlHost);
            must(ip("link", "set", ctlNs, "netns", ns), "move " + ctlNs);
            must(ip("addr", "add", controlHostEnd(i) + "/30", "dev", ctlHost), "address " + ctlHost);
            must(ip("link", "set", ctlHost, "up"), ctlHost + " up");
            must(ip("-n", ns, "link", "set", "lo", "up"), "lo up in " + ns);
            must(ip("-n", ns, "addr", "add", clusterAddress(i) + "/24", "dev", nsEnd), "address " + nsEnd);
            must(ip("-n", ns, "link", "set", nsEnd, "up"), nsEnd + " up");
            must(ip("-n", ns, "addr", "add", controlAddress(i) + "/30", "dev", ctlNs), "address " + ctlNs);
            must(ip("-n", ns, "link", "set", ctlNs, "up"), ctlNs + " up");
        }
        System.err.printf("[pyql-e2e] netns run %s: %d namespaces, cluster 10.213.%d.0/24, control 10.214.%d.0/24%n",
                run, hosts, octet, octet);
    }

    public String run() {
        return run;
    }

    public int hosts() {
        return hosts;
    }

    public String namespace(int i) {
        return "pyql-" + run + "-" + i;
    }

    /** Host {@code i}'s address on the cluster link (what Hazelcast binds to). */
    public String clusterAddress(int i) {
        return "10.213." + octet + "." + (10 + i);
    }

    /** Host {@code i}'s address on the control link (where the test reaches its HTTP port). */
    public String controlAddress(int i) {
        return "10.214." + octet + "." + (4 * i - 2);
    }

    private String controlHostEnd(int i) {
        return "10.214." + octet + "." + (4 * i - 3);
    }

    /** The command prefix that runs a program in host {@code i}'s namespace. */
    public List<String> exec(int i) {
        return List.of("ip", "netns", "exec", namespace(i));
    }

    /** Cuts host {@code i} off the cluster link (its veth end down). */
    public void cut(int i) {
        must(ip("-n", namespace(i), "link", "set", "pq" + run + "n" + i, "down"), "cut " + i);
    }

    /** Puts host {@code i} back on the cluster link. */
    public void heal(int i) {
        must(ip("-n", namespace(i), "link", "set", "pq" + run + "n" + i, "up"), "heal " + i);
    }

    /** Whether a TCP connect from host {@code from} to host {@code to}'s cluster address and {@code port} succeeds. */
    public boolean canConnect(int from, int to, int port) {
        Result r = run(List.of("ip", "netns", "exec", namespace(from), "timeout", "3", "bash", "-c",
                "exec 3<>/dev/tcp/" + clusterAddress(to) + "/" + port), 10);
        return r.code() == 0;
    }

    @Override
    public void close() {
        cleanup();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private synchronized void cleanup() {
        if (closed) return;
        closed = true;
        List<String> reversed = new ArrayList<>(created);
        java.util.Collections.reverse(reversed);
        for (String c : reversed) {
            Result r = c.startsWith("netns:") ? ip("netns", "delete", c.substring(6)) : ip("link", "delete", c.substring(5));
            if (r.code() != 0 && !r.out().contains("Cannot find") && !r.out().contains("No such")) {
                System.err.println("[pyql-e2e] cleanup of " + c + ": " + r.out().strip());
            }
        }
        created.clear();
    }

    // ------------------------------------------------------------------ running ip

    record Result(int code, String out) {
    }

    private static Result ip(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("ip");
        cmd.addAll(List.of(args));
        return run(cmd, 20);
    }

    private static void must(Result r, String what) {
        if (r.code() != 0) throw new IllegalStateException("cannot " + what + ": " + r.out().strip());
    }

    private static Result run(List<String> cmd, int timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + cmd);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, cmd.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
