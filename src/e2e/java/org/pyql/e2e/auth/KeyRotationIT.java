package org.pyql.e2e.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pyql.e2e.auth.AuthApi.JoinToken;
import org.pyql.e2e.auth.AuthApi.User;
import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.Poll;
import org.pyql.e2e.harness.PyqlClient;
import org.pyql.e2e.harness.PyqlClient.Response;

/**
 * Signing key rotation: clients using user tokens (both headers), a freshly minted token each round and Basic keep
 * succeeding without a single non-2xx while the admin rotates the key twice; tokens issued before a rotation keep
 * working during the overlap and carry the previous kid, new ones the new kid; a rotation without overlap (and one
 * with 1 s) ends every token issued before it (user, admin, join, service) while new tokens and Basic work; rotation is
 * admin only, validated, and no route shows key material.
 */
@ExtendWith(AuthNode.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyRotationIT {
    private static final int ROUNDS = 15;
    private AuthApi api;
    private User user;
    private User admin;

    @BeforeAll
    void users(AuthNode.Shared shared) {
        api = new AuthApi(shared.node());
        user = api.register("rotor");
        admin = api.registerAdmin("rotadmin");
        user.createCluster("rot");
    }

    /** One client loop: a request per round, counting successes and keeping every non-2xx. */
    private static final class Worker extends Thread {
        private final Supplier<Response> request;
        private final AtomicBoolean stop;
        private final ConcurrentLinkedQueue<String> failures;
        final AtomicInteger ok = new AtomicInteger();

        Worker(String name, Supplier<Response> request, AtomicBoolean stop, ConcurrentLinkedQueue<String> failures) {
            super("rotation-" + name);
            this.request = request;
            this.stop = stop;
            this.failures = failures;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!stop.get()) {
                try {
                    Response r = request.get();
                    if (r.status() / 100 == 2) ok.incrementAndGet();
                    else failures.add(getName() + ": " + r.describe());
                } catch (AssertionError | RuntimeException e) {
                    failures.add(getName() + ": " + e);
                }
            }
        }
    }

    private void awaitRounds(List<Worker> workers, Map<Worker, Integer> from, String when) {
        Poll.until("every client made " + ROUNDS + " more successful requests " + when, Duration.ofSeconds(60),
                Duration.ofMillis(50), () -> workers.stream().allMatch(w -> w.ok.get() >= from.getOrDefault(w, 0) + ROUNDS));
    }

    private static Map<Worker, Integer> counts(List<Worker> workers) {
        Map<Worker, Integer> m = new HashMap<>();
        for (Worker w : workers) m.put(w, w.ok.get());
        return m;
    }

    private Map<String, Long> keys() {
        Map<String, Long> m = new HashMap<>();
        for (JsonNode k : api.keys()) {
            Set<String> fields = new TreeSet<>();
            k.fieldNames().forEachRemaining(fields::add);
            assertEquals(Set.of("created", "kid", "retires"), fields, "key fields (never a secret): " + k);
            m.put(k.path("kid").asText(), k.path("retires").asLong());
        }
        return m;
    }

    @Test
    @Order(1)
    void clientsKeepSucceedingAcrossRotations() throws InterruptedException {
        String userToken = user.userToken();
        String adminToken = admin.userToken();
        String oldKid = Jwt.kid(userToken);
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        PyqlClient anon = api.anonymous();
        List<Worker> workers = List.of(
                new Worker("user-token", () -> anon.withToken(userToken).get("/cluster/rot"), stop, failures),
                new Worker("user-bearer", () -> anon.withBearer(userToken).get("/auth/users/" + user.name), stop, failures),
                new Worker("admin-token", () -> anon.withToken(adminToken).get("/auth/keys"), stop, failures),
                new Worker("basic", () -> user.basic().get("/cluster"), stop, failures),
                new Worker("fresh-token", () -> anon.withToken(user.userToken()).get("/cluster/rot/endpoints"), stop, failures));
        workers.forEach(Thread::start);
        try {
            awaitRounds(workers, Map.of(), "before the rotation");
            Response first = admin.basic().post("/auth/keys/rotate", null).expect(200);
            assertEquals("signing key rotated", first.text("message"), first.describe());
            assertEquals(oldKid, first.text("previous_kid"), first.describe());
            assertNotEquals(oldKid, first.text("kid"), first.describe());
            assertEquals(3600, first.json().path("overlap_seconds").asLong(), "default overlap: " + first.describe());
            awaitRounds(workers, counts(workers), "after the first rotation");
            Response second = admin.basic().post("/auth/keys/rotate", Json.parse("{'overlap_seconds': 600}")).expect(200);
            assertEquals(first.text("kid"), second.text("previous_kid"), second.describe());
            awaitRounds(workers, counts(workers), "after the second rotation");
            stop.set(true);
            for (Worker w : workers) w.join(30_000);
            assertTrue(failures.isEmpty(), failures.size() + " failed requests across the rotations, e.g.:\n  "
                    + String.join("\n  ", failures.stream().limit(10).toList()));

            // the old token carries the first kid and still works during the overlap; new tokens carry the newest kid
            assertEquals(oldKid, Jwt.kid(userToken));
            anon.withToken(userToken).get("/cluster/rot").expect(200);
            String fresh = user.userToken();
            assertEquals(second.text("kid"), Jwt.kid(fresh));
            Map<String, Long> keys = keys();
            assertEquals(0L, keys.get(second.text("kid")), "the active key does not retire: " + keys);
            long now = System.currentTimeMillis();
            long firstRetires = keys.get(oldKid);
            assertTrue(Math.abs(firstRetires - (now + 3_600_000)) < 120_000, "the first key retires an hour after the"
                    + " rotation: " + keys);
            long secondRetires = keys.get(first.text("kid"));
            assertTrue(Math.abs(secondRetires - (now + 600_000)) < 120_000, "the second key retires after 600 s: " + keys);
        } finally {
            stop.set(true);
        }
    }

    @Test
    @Order(2)
    void aRotationWithoutOverlapEndsEveryEarlierToken() {
        String userToken = user.userToken();
        String adminToken = admin.userToken();
        JoinToken join = user.joinToken();
        String service = AuthApi.serviceToken(admin);
        String local = AuthApi.localToken(admin);
        PyqlClient anon = api.anonymous();
        anon.withToken(userToken).get("/cluster/rot").expect(200);
        anon.withToken(service).get("/db/" + AuthNode.DB + "/tables").expect(200);

        Response r = admin.basic().post("/auth/keys/rotate", Json.parse("{'overlap_seconds': 0}")).expect(200);
        assertEquals(0, r.json().path("overlap_seconds").asLong(), r.describe());
        assertEquals(Jwt.kid(userToken), r.text("previous_kid"));
        anon.withToken(userToken).get("/cluster/rot").expect(401);
        anon.withBearer(userToken).get("/cluster").expect(401);
        anon.withToken(adminToken).get("/auth/keys").expect(401);
        anon.withToken(service).get("/db/" + AuthNode.DB + "/tables").expect(401);
        anon.withBearer(local).get("/db/" + AuthNode.DB + "/tables").expect(401);
        Snapshots rot = new Snapshots().view("endpoints of rot", user.basic(), "/cluster/rot/endpoints");
        rot.refused(401, () -> join.client(api).post("/cluster/rot/join", AuthApi.joinBody("rot", "late",
                UUID.randomUUID().toString())));
        // new credentials work at once
        String fresh = user.userToken();
        assertEquals(r.text("kid"), Jwt.kid(fresh));
        anon.withToken(fresh).get("/cluster/rot").expect(200);
        user.basic().get("/cluster/rot").expect(200);
        user.joinToken().client(api).post("/cluster/rot/join", AuthApi.joinBody("rot", "on-time",
                UUID.randomUUID().toString())).expect(200);
        Map<String, Long> keys = keys();
        Long previous = keys.get(r.text("previous_kid"));
        assertTrue(previous == null || previous <= System.currentTimeMillis(), "the previous key retired: " + keys);

        // a 1 s overlap: the earlier token works until the overlap ends, then 401
        String before = user.userToken();
        long t0 = System.nanoTime();
        admin.basic().post("/auth/keys/rotate", Json.parse("{'overlap_seconds': 1}")).expect(200);
        Poll.until("a token of the previous key is refused after a 1 s overlap", Duration.ofSeconds(15),
                Duration.ofMillis(100), () -> anon.withToken(before).get("/cluster").status() == 401);
        assertTrue(System.nanoTime() - t0 >= 900_000_000L, "refused before the overlap ended");
        anon.withToken(user.userToken()).get("/cluster").expect(200);
    }

    @Test
    @Order(3)
    void rotationIsForAdminsOnlyAndValidated() {
        Snapshots keys = new Snapshots().view("keys", admin.basic(), "/auth/keys");
        PyqlClient anon = api.anonymous();
        keys.refused(401, () -> anon.post("/auth/keys/rotate", null));
        keys.refused(401, () -> anon.withBasic(user.name, "not-" + user.password()).post("/auth/keys/rotate", null));
        keys.refused(403, () -> user.basic().post("/auth/keys/rotate", null));
        keys.refused(403, () -> anon.withToken(user.userToken()).post("/auth/keys/rotate", null));
        keys.refused(403, () -> user.joinToken().client(api).post("/auth/keys/rotate", null));
        keys.refused(403, () -> user.basic().get("/auth/keys"));
        keys.refused(401, () -> anon.get("/auth/keys"));
        for (String bad : List.of("{'overlap_seconds': -1}", "{'overlap_seconds': 'soon'}", "{'overlap_seconds': 2592001}",
                "{'overlap_seconds': 1.5e12}")) {
            keys.refused(400, () -> admin.basic().post("/auth/keys/rotate", Json.parse(bad)));
        }
        keys.refused(400, () -> admin.basic().post("/auth/keys/rotate", "{\"overlap_seconds\": "));
        // no route shows key material: key list fields are checked in keys(); the answer has no secret-like field
        Response list = admin.basic().get("/auth/keys").expect(200);
        for (String word : List.of("secret", "\"key\"", "material", "PYQL_CLUSTER_TOKEN_KEY")) {
            assertTrue(!list.raw().contains(word), word + " in " + list.describe());
        }
        keys();
        admin.basic().get("/auth/key/cluster").expect(404);
        admin.basic().get("/auth/key/local").expect(404);
        admin.basic().post("/auth/key/cluster", Json.parse("{'PYQL_CLUSTER_TOKEN_KEY': 'k'}")).expect(404);
    }
}
