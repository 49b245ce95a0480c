package org.pyql.e2e.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pyql.e2e.auth.AuthApi.JoinToken;
import org.pyql.e2e.auth.AuthApi.User;
import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.Poll;
import org.pyql.e2e.harness.PyqlClient;
import org.pyql.e2e.harness.PyqlClient.Response;
import org.pyql.e2e.harness.PyqlNode;

/**
 * Every route of the auth issue (and the endpoint routes of a standalone node) against every kind of credential:
 * exactly the expected status for each pair, one dynamic test per pair named "route × credential", and for every
 * refused request on a route that changes state a check that the node's state (users, join tokens, keys, clusters,
 * shares, endpoints as their owners see them) is exactly as before.
 *
 * <p>Credentials: none; a wrong password (a throwaway user per eight tries, so the lock-out never kicks in); an
 * expired token (the admin's token from a twin node started on a copy of the shared node's data with a 1 s user token
 * TTL, so it is signed with the shared node's own key and only its expiry is wrong); a tampered token (the owner's
 * token with subject and name changed to the admin, signature kept); a token forged with the shared node's current
 * {@code kid} and a random key; a token from another node (the twin after rotating its key: the admin's valid token,
 * only the key is foreign); garbage; the owner's Basic ({@code Authorization}), user token ({@code Authentication:
 * Token}) and join token; another user's join token; tokens of a reader, a writer and an unrelated user; an admin's
 * Basic ({@code Authentication}), user token ({@code Authorization: Bearer}) and join token (the original's permanent
 * admin credential: here it only joins, into the admin's own namespace); the cluster service token and the node's local
 * service token (both issued to an admin: a service credential is for node-to-node and endpoint calls, {@code /db},
 * not for managing users, keys, clusters or shares).
 */
@ExtendWith(AuthNode.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteCredentialMatrixIT {
    enum Cred {
        NONE, WRONG_PASSWORD, EXPIRED_TOKEN, TAMPERED_TOKEN, FORGED_KID_TOKEN, FOREIGN_KEY_TOKEN, GARBAGE_TOKEN,
        OWNER_BASIC, OWNER_TOKEN, OWNER_JOIN, OTHER_JOIN, READER_TOKEN, WRITER_TOKEN, OTHER_TOKEN,
        ADMIN_BASIC, ADMIN_TOKEN, ADMIN_JOIN, SERVICE_TOKEN, LOCAL_SERVICE_TOKEN
    }

    static final Set<Cred> BAD = EnumSet.of(Cred.NONE, Cred.WRONG_PASSWORD, Cred.EXPIRED_TOKEN, Cred.TAMPERED_TOKEN,
            Cred.FORGED_KID_TOKEN, Cred.FOREIGN_KEY_TOKEN, Cred.GARBAGE_TOKEN);
    static final Set<Cred> ADMINS = EnumSet.of(Cred.ADMIN_BASIC, Cred.ADMIN_TOKEN);
    static final Set<Cred> BASICS = EnumSet.of(Cred.OWNER_BASIC, Cred.ADMIN_BASIC);
    static final Set<Cred> OWNER = EnumSet.of(Cred.OWNER_BASIC, Cred.OWNER_TOKEN);
    static final Set<Cred> SHARED = EnumSet.of(Cred.READER_TOKEN, Cred.WRITER_TOKEN);
    static final Set<Cred> USERS = EnumSet.of(Cred.OWNER_BASIC, Cred.OWNER_TOKEN, Cred.READER_TOKEN, Cred.WRITER_TOKEN,
            Cred.OTHER_TOKEN, Cred.ADMIN_BASIC, Cred.ADMIN_TOKEN);
    static final Set<Cred> SERVICES = EnumSet.of(Cred.SERVICE_TOKEN, Cred.LOCAL_SERVICE_TOKEN);

    private AuthApi api;
    private User owner;
    private User other;
    private User reader;
    private User writer;
    private User target;
    private User target2;
    private User matrixAdmin;
    private String mxId;
    private final List<User> wrongPasswordVictims = new ArrayList<>();
    private int wrongPasswordUses;
    private final Map<Cred, String> tokens = new EnumMap<>(Cred.class);
    private PyqlNode twin;
    private String bootstrapAdminPassword;

    // per-route targets, replaced after a request that consumed them
    private User deleteVictim;
    private JoinToken revokeTarget;
    private String deleteTarget;
    private Call lastCall;
    private PyqlClient viewAdmin;
    private PyqlClient viewOwner;
    private PyqlClient viewReader;
    private PyqlClient viewTarget;
    private PyqlClient viewTarget2;
    private PyqlClient viewOther;

    @BeforeAll
    void fixture(AuthNode.Shared shared) {
        api = new AuthApi(shared.node());
        bootstrapAdminPassword = shared.adminPassword();
        matrixAdmin = api.registerAdmin("madmin");
        owner = api.register("owner");
        other = api.register("other");
        reader = api.register("reader");
        writer = api.register("writer");
        target = api.register("target");
        target2 = api.register("target2");
        mxId = owner.createCluster("mx");
        owner.share("mx", reader.name, "read");
        owner.share("mx", writer.name, "write");
        owner.share("mx", target2.name, "read");
        tokens.put(Cred.OWNER_TOKEN, owner.userToken());
        tokens.put(Cred.OWNER_JOIN, owner.joinToken().jwt());
        tokens.put(Cred.OTHER_JOIN, other.joinToken().jwt());
        tokens.put(Cred.READER_TOKEN, reader.userToken());
        tokens.put(Cred.WRITER_TOKEN, writer.userToken());
        tokens.put(Cred.OTHER_TOKEN, other.userToken());
        tokens.put(Cred.ADMIN_TOKEN, matrixAdmin.userToken());
        tokens.put(Cred.ADMIN_JOIN, matrixAdmin.joinToken().jwt());
        // issued to the matrix admin, so a service token that wrongly acts as its admin changes nothing of other classes
        tokens.put(Cred.SERVICE_TOKEN, AuthApi.serviceToken(matrixAdmin));
        tokens.put(Cred.LOCAL_SERVICE_TOKEN, AuthApi.localToken(matrixAdmin));
        // the state views read with tokens: a Basic login costs a PBKDF2 derivation (once a minute per user)
        viewAdmin = api.anonymous().withToken(api.admin().userToken());
        viewOwner = owner.token();
        viewReader = api.anonymous().withToken(reader.userToken());
        viewTarget = api.anonymous().withToken(target.userToken());
        viewTarget2 = api.anonymous().withToken(target2.userToken());
        viewOther = api.anonymous().withToken(other.userToken());
        tokens.put(Cred.TAMPERED_TOKEN, Jwt.withPayload(tokens.get(Cred.OWNER_TOKEN), p -> {
            p.put("sub", matrixAdmin.id);
            p.put("name", matrixAdmin.name);
        }));
        String activeKid = Jwt.kid(tokens.get(Cred.ADMIN_TOKEN));
        tokens.put(Cred.FORGED_KID_TOKEN, Jwt.forge(activeKid, matrixAdmin.id, matrixAdmin.name, "user",
                Instant.now(), Instant.now().plusSeconds(3600)));
        tokens.put(Cred.GARBAGE_TOKEN, "garbage-" + UUID.randomUUID());
        startTwin();
    }

    /**
     * The twin: same data (so same keys and users), user tokens live 1 s. Its admin token, once expired, is the
     * EXPIRED credential; then the twin rotates its key with no overlap and its fresh admin tokens are the FOREIGN ones.
     */
    private void startTwin() {
        twin = AuthNode.twinOf(api.node(), "auth-matrix-twin", Map.of("PYQL_USER_TOKEN_TTL", "1"));
        PyqlClient twinAdmin = twin.client().withBasic(PyqlNode.ADMIN_USER, bootstrapAdminPassword);
        String expiring = Secrets.token("twin user token", twinAdmin.get("/auth/token/user").expect(200).text("token"));
        JsonNode p = Jwt.payload(expiring);
        assertTrue(p.path("exp").asLong() - p.path("iat").asLong() <= 2, "PYQL_USER_TOKEN_TTL=1 is honoured: " + p);
        List<String> sharedKids = new ArrayList<>();
        for (JsonNode k : api.keys()) sharedKids.add(k.path("kid").asText());
        assertTrue(sharedKids.contains(Jwt.kid(expiring)), "the twin signs with the shared node's key (kid "
                + Jwt.kid(expiring) + " in " + sharedKids + "); copying the data directory no longer copies the keys?");
        // a valid token of the shared node's own key until it expires (leeway included), then 401
        Poll.until("the twin's 1 s admin token expires on the shared node", Duration.ofSeconds(30), Duration.ofMillis(500),
                () -> api.anonymous().withToken(expiring).get("/auth/users").status() == 401);
        tokens.put(Cred.EXPIRED_TOKEN, expiring);
        Response rotated = twinAdmin.post("/auth/keys/rotate", Json.parse("{'overlap_seconds': 0}")).expect(200);
        assertFalse(sharedKids.contains(rotated.text("kid")), rotated.describe());
        String foreign = foreignToken();
        twin.client().withToken(foreign).get("/auth/users").expect(200);   // valid where it was issued
    }

    /** A fresh admin token of the twin's rotated key (1 s TTL + leeway: minted right before each use). */
    private String foreignToken() {
        return Secrets.token("foreign user token", twin.client().withBasic(PyqlNode.ADMIN_USER, bootstrapAdminPassword)
                .get("/auth/token/user").expect(200).text("token"));
    }

    @AfterAll
    void stopTwin() {
        if (twin != null) twin.close();
    }

    // ------------------------------------------------------------------ credentials

    private PyqlClient client(Cred c) {
        PyqlClient a = api.anonymous();
        return switch (c) {
            case NONE -> a;
            case WRONG_PASSWORD -> a.withBasic(wrongPasswordVictim().name, "wrong-" + UUID.randomUUID());
            case EXPIRED_TOKEN, GARBAGE_TOKEN, OWNER_TOKEN, OWNER_JOIN, OTHER_JOIN, READER_TOKEN, WRITER_TOKEN,
                 OTHER_TOKEN, ADMIN_JOIN, SERVICE_TOKEN -> a.withToken(tokens.get(c));
            case TAMPERED_TOKEN, FORGED_KID_TOKEN, ADMIN_TOKEN, LOCAL_SERVICE_TOKEN -> a.withBearer(tokens.get(c));
            case FOREIGN_KEY_TOKEN -> a.withToken(foreignToken());
            case OWNER_BASIC -> a.withAuthorizationBasic(owner.name, owner.password());
            case ADMIN_BASIC -> a.withBasic(matrixAdmin.name, matrixAdmin.password());
        };
    }

    /** Ten failures a minute lock a username: each throwaway user takes at most eight wrong passwords. */
    private User wrongPasswordVictim() {
        if (wrongPasswordVictims.isEmpty() || wrongPasswordUses >= 8) {
            wrongPasswordVictims.add(api.register("wrongpw"));
            wrongPasswordUses = 0;
        }
        wrongPasswordUses++;
        return wrongPasswordVictims.get(wrongPasswordVictims.size() - 1);
    }

    /** Whose password a credential stands for (the password route's body). */
    private User principal(Cred c) {
        return switch (c) {
            case OTHER_TOKEN, OTHER_JOIN -> other;
            case READER_TOKEN -> reader;
            case WRITER_TOKEN -> writer;
            case ADMIN_BASIC, ADMIN_TOKEN, ADMIN_JOIN, SERVICE_TOKEN, LOCAL_SERVICE_TOKEN, FORGED_KID_TOKEN -> matrixAdmin;
            case FOREIGN_KEY_TOKEN -> api.admin();
            default -> owner;
        };
    }

    // ------------------------------------------------------------------ routes

    /** One request of a route for one credential. */
    record Call(String method, String path, Object body) {
    }

    /** Expected status per credential. */
    static final class Expect {
        private final EnumMap<Cred, Integer> status = new EnumMap<>(Cred.class);

        static Expect open() {
            Expect e = new Expect();
            for (Cred c : Cred.values()) e.status.put(c, 200);
            return e;
        }

        static Expect guarded() {
            Expect e = new Expect();
            for (Cred c : BAD) e.status.put(c, 401);
            return e;
        }

        Expect with(int code, Set<Cred> creds) {
            for (Cred c : creds) status.put(c, code);
            return this;
        }

        Expect with(int code, Cred... creds) {
            for (Cred c : creds) status.put(c, code);
            return this;
        }

        /** Every credential not named so far. */
        Expect otherwise(int code) {
            for (Cred c : Cred.values()) status.putIfAbsent(c, code);
            return this;
        }

        int of(Cred c) {
            return status.get(c);
        }
    }

    /**
     * A route: the request per credential, the expected statuses, the state views that must not change when it is
     * refused (none for reads), and what to check or restore after a success.
     */
    record Route(String label, Function<Cred, Call> request, Expect expect, Snapshots unchanged,
                 BiConsumer<Cred, Response> onSuccess) {
    }

    private Snapshots usersView() {
        return new Snapshots().view("users (admin view)", viewAdmin, "/auth/users");
    }

    private Snapshots joinTokensView() {
        return new Snapshots().view("join tokens (admin view)", viewAdmin, "/auth/tokens/join");
    }

    private Snapshots keysView() {
        return new Snapshots().view("keys", viewAdmin, "/auth/keys");
    }

    private Snapshots clustersView() {
        return clustersView(true);
    }

    /** The owner's, reader's and target's (and unless joining, the other user's) view of clusters, mx and its endpoints. */
    private Snapshots clustersView(boolean withOther) {
        Snapshots s = new Snapshots()
                .view("owner's clusters", viewOwner, "/cluster")
                .view("cluster mx", viewOwner, AuthApi.clusterPath("mx", owner.name, ""))
                .view("endpoints of mx", viewOwner, AuthApi.clusterPath("mx", owner.name, "/endpoints"))
                .view("reader's clusters", viewReader, "/cluster")
                .view("target's clusters", viewTarget, "/cluster")
                .view("target2's clusters", viewTarget2, "/cluster");
        return withOther ? s.view("other's clusters", viewOther, "/cluster") : s;
    }

    private static Route read(String label, String path, Expect expect) {
        return new Route(label, c -> new Call("GET", path, null), expect, null, (c, r) -> { });
    }

    private List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        // probes: open to everyone, whatever credential comes along
        routes.add(read("GET /cluster/pyql/ready", "/cluster/pyql/ready", Expect.open()));
        routes.add(read("GET /pyql/live", "/pyql/live", Expect.open()));
        routes.add(read("GET /pyql/node", "/pyql/node", Expect.open()));
        routes.add(read("GET /pyql/ready", "/pyql/ready", Expect.open()));

        // users
        for (String role : List.of("user", "admin")) {
            routes.add(new Route("POST /auth/" + role + "/register", c -> {
                String name = AuthApi.uniqueName("reg" + role);
                String pw = Secrets.password();
                Secrets.basic(name, pw);
                return new Call("POST", "/auth/" + role + "/register", AuthApi.body(name, name + "@e2e.example.org", pw));
            }, Expect.guarded().with(201, ADMINS).otherwise(403), usersView(), (c, r) -> {
                assertEquals("user created successfully", r.text("message"), r.describe());
                String id = r.text("id");
                JsonNode u = userById(id);
                assertEquals(role, u.path("role").asText(), "role of the registered user: " + u);
            }));
        }
        routes.add(read("GET /auth/users", "/auth/users", Expect.guarded().with(200, ADMINS).otherwise(403)));
        routes.add(new Route("GET /auth/users/{owner}", c -> new Call("GET", "/auth/users/" + owner.name, null),
                Expect.guarded().with(200, ADMINS).with(200, OWNER).with(404, SHARED).with(404, Cred.OTHER_TOKEN).otherwise(403),
                null, (c, r) -> assertEquals(owner.name, r.text("username"), r.describe())));
        routes.add(new Route("DELETE /auth/users/{user}", c -> {
            if (deleteVictim == null) deleteVictim = api.register("victim");
            return new Call("DELETE", "/auth/users/" + deleteVictim.name, null);
        }, Expect.guarded().with(200, ADMINS).otherwise(403), usersView(), (c, r) -> {
            String deleted = deleteVictim.name;
            deleteVictim = null;
            assertFalse(api.usernames().contains(deleted), "deleted user still listed");
        }));
        routes.add(passwordRoute());

        // tokens
        routes.add(new Route("GET /auth/token/user", c -> new Call("GET", "/auth/token/user", null),
                Expect.guarded().with(200, BASICS).otherwise(403), null,
                (c, r) -> assertEquals("user", Jwt.payload(Secrets.token("user token", r.text("token"))).path("typ").asText())));
        routes.add(new Route("GET /auth/token/join", c -> new Call("GET", "/auth/token/join", null),
                Expect.guarded().with(200, BASICS).otherwise(403), joinTokensView(),
                (c, r) -> assertEquals("join", Jwt.payload(Secrets.token("join token", r.text("join"))).path("typ").asText())));
        routes.add(read("GET /auth/tokens/join", "/auth/tokens/join", Expect.guarded().with(200, USERS).otherwise(403)));
        routes.add(new Route("DELETE /auth/token/join/{owner's}", c -> {
            if (revokeTarget == null) revokeTarget = owner.joinToken();
            return new Call("DELETE", "/auth/token/join/" + revokeTarget.id(), null);
        }, Expect.guarded().with(200, OWNER).with(200, ADMINS).with(404, SHARED).with(404, Cred.OTHER_TOKEN).otherwise(403),
                joinTokensView(), (c, r) -> {
                    JoinToken revoked = revokeTarget;
                    revokeTarget = null;
                    JsonNode t = joinTokenById(revoked.id());
                    assertTrue(t.path("revoked").asBoolean(), "revoked: " + t);
                    api.anonymous().withToken(revoked.jwt()).post("/cluster/mx/join",
                            AuthApi.joinBody("mx", "revoked-ep", UUID.randomUUID().toString())).expect(401);
                }));
        routes.add(new Route("GET /auth/token/cluster", c -> new Call("GET", "/auth/token/cluster", null),
                Expect.guarded().with(200, Cred.ADMIN_BASIC).otherwise(403), null,
                (c, r) -> Secrets.token("cluster service token", r.text("PYQL_CLUSTER_SERVICE_TOKEN"))));
        routes.add(new Route("GET /auth/token/local", c -> new Call("GET", "/auth/token/local", null),
                Expect.guarded().with(200, Cred.ADMIN_BASIC).otherwise(403), null,
                (c, r) -> Secrets.token("local service token", r.text("PYQL_LOCAL_SERVICE_TOKEN"))));

        // keys
        routes.add(read("GET /auth/keys", "/auth/keys", Expect.guarded().with(200, ADMINS).otherwise(403)));
        routes.add(new Route("POST /auth/keys/rotate", c -> new Call("POST", "/auth/keys/rotate",
                Json.parse("{'overlap_seconds': 3600}")), Expect.guarded().with(200, ADMINS).otherwise(403), keysView(),
                (c, r) -> {
                    assertEquals("signing key rotated", r.text("message"), r.describe());
                    assertNotEquals(r.text("kid"), r.text("previous_kid"), r.describe());
                    assertEquals(3600, r.json().path("overlap_seconds").asInt(), r.describe());
                }));

        // clusters and sharing
        routes.add(new Route("POST /cluster/{new}/create", c -> new Call("POST",
                "/cluster/" + AuthApi.uniqueName("new") + "/create", null),
                Expect.guarded().with(201, USERS).otherwise(403), clustersView(),
                (c, r) -> assertEquals(principal(c).name, r.text("owner"), r.describe())));
        routes.add(read("GET /cluster", "/cluster", Expect.guarded().with(200, USERS).otherwise(403)));
        Expect readMx = Expect.guarded().with(200, OWNER).with(200, ADMINS).with(200, SHARED).with(404, Cred.OTHER_TOKEN)
                .otherwise(403);
        routes.add(new Route("GET /cluster/mx?owner", c -> new Call("GET", AuthApi.clusterPath("mx", owner.name, ""), null),
                readMx, null, (c, r) -> assertEquals(mxId, r.text("id"), r.describe())));
        routes.add(read("GET /cluster/mx/endpoints?owner", AuthApi.clusterPath("mx", owner.name, "/endpoints"), readMx));
        Expect manageMx = Expect.guarded().with(200, OWNER).with(200, ADMINS).with(403, SHARED).with(404, Cred.OTHER_TOKEN)
                .otherwise(403);
        routes.add(new Route("POST /cluster/mx/share?owner", c -> {
            ObjectNode b = Json.object();
            b.put("username", target.name);
            b.put("access", "read");
            return new Call("POST", AuthApi.clusterPath("mx", owner.name, "/share"), b);
        }, manageMx, clustersView(), (c, r) -> {
            owner.unshare("mx", target.name);
        }));
        routes.add(new Route("DELETE /cluster/mx/share/{user}?owner", c -> new Call("DELETE",
                AuthApi.clusterPath("mx", owner.name, "/share/" + target2.name), null), manageMx, clustersView(), (c, r) -> {
                    boolean revoked = !clusterNames(viewTarget2).contains("mx");
                    owner.share("mx", target2.name, "read");
                    assertTrue(revoked, "share revoked");
                }));
        routes.add(new Route("DELETE /cluster/{owner's}?owner", c -> {
            if (deleteTarget == null) {
                deleteTarget = AuthApi.uniqueName("del");
                owner.createCluster(deleteTarget);
                owner.share(deleteTarget, reader.name, "read");
                owner.share(deleteTarget, writer.name, "write");
            }
            return new Call("DELETE", AuthApi.clusterPath(deleteTarget, owner.name, ""), null);
        }, manageMx, clustersView(), (c, r) -> {
            String deleted = deleteTarget;
            deleteTarget = null;
            assertFalse(clusterNames(viewOwner).contains(deleted), "deleted cluster still listed");
            viewOwner.get(AuthApi.clusterPath(deleted, owner.name, "")).expect(404);
        }));
        routes.add(new Route("POST /cluster/mx/join", c -> new Call("POST", "/cluster/mx/join",
                AuthApi.joinBody("mx", "ep-" + c.name().toLowerCase(), UUID.randomUUID().toString())),
                Expect.guarded().with(200, Cred.OWNER_JOIN, Cred.OTHER_JOIN, Cred.ADMIN_JOIN).otherwise(403), clustersView(false),
                (c, r) -> {
                    if (c == Cred.OWNER_JOIN) {
                        assertEquals(mxId, r.text("cluster"), "joined the owner's mx: " + r.describe());
                        String endpointToken = ((JsonNode) lastCall.body()).path("token").asText();
                        for (String path : List.of("", "/endpoints")) {
                            Response seen = viewOwner.get(AuthApi.clusterPath("mx", owner.name, path)).expect(200);
                            assertFalse(seen.raw().contains(endpointToken), "the endpoint token is returned: " + seen.describe());
                        }
                    } else {
                        assertNotEquals(mxId, r.text("cluster"), "another user's join token joined the owner's mx: "
                                + r.describe());
                    }
                }));

        // the endpoint part of a standalone node
        routes.add(read("GET /db/main/tables", "/db/" + AuthNode.DB + "/tables",
                Expect.guarded().with(200, ADMINS).with(200, SERVICES).otherwise(403)));
        // the replication routes cluster nodes call endpoints on: service credentials or an admin
        routes.add(read("GET /db/main/replication", "/db/" + AuthNode.DB + "/replication",
                Expect.guarded().with(200, ADMINS).with(200, SERVICES).otherwise(403)));
        routes.add(read("GET /db/main/replication/{t}/position", "/db/" + AuthNode.DB + "/replication/nothing_here/position",
                Expect.guarded().with(200, ADMINS).with(200, SERVICES).otherwise(403)));
        return routes;
    }

    /** Password change: the body carries the caller's current password; after a success the test knows the new one. */
    private Route passwordRoute() {
        String[] next = new String[1];
        return new Route("POST /auth/user/password", c -> {
            next[0] = Secrets.password();
            ObjectNode b = Json.object();
            b.put("password", principal(c).password());
            b.put("new_password", next[0]);
            return new Call("POST", "/auth/user/password", b);
        }, Expect.guarded().with(200, USERS).otherwise(403), usersView(), (c, r) -> principal(c).passwordChanged(next[0]));
    }

    // ------------------------------------------------------------------ the matrix

    @TestFactory
    Stream<DynamicNode> everyRouteWithEveryCredential() {
        List<DynamicNode> containers = new ArrayList<>();
        for (Route route : routes()) {
            List<DynamicTest> cells = new ArrayList<>();
            for (Cred cred : Cred.values()) {
                cells.add(DynamicTest.dynamicTest(route.label() + " × " + cred, () -> cell(route, cred)));
            }
            containers.add(DynamicContainer.dynamicContainer(route.label(), cells));
        }
        return containers.stream();
    }

    private void cell(Route route, Cred cred) {
        int expected = route.expect().of(cred);
        Call call = route.request().apply(cred);
        lastCall = call;
        PyqlClient client = client(cred);
        // a join token of another user (or of an admin) joins its own namespace: the owner's state must not change
        boolean checkUnchanged = route.unchanged() != null
                && (expected >= 400 || cred == Cred.OTHER_JOIN || cred == Cred.ADMIN_JOIN);
        Map<String, JsonNode> before = checkUnchanged ? route.unchanged().take() : null;
        Response r = client.send(call.method(), call.path(), call.body());
        if (r.status() != expected) {
            String followUp = "";
            if (r.status() < 300) {
                // an unexpected success still consumed its target (or changed a password): keep the fixture in step
                try {
                    route.onSuccess().accept(cred, r);
                } catch (AssertionError | RuntimeException e) {
                    followUp = "\n  (and its success checks failed: " + e.getMessage() + ")";
                }
            }
            throw new AssertionError(route.label() + " with credential " + cred + ": expected " + expected + " but was "
                    + r.status() + " " + r.raw() + followUp);
        }
        if (expected >= 400) r.assertErrorShape();
        if (checkUnchanged) {
            String diff = Snapshots.difference(before, route.unchanged().take());
            if (diff != null) {
                throw new AssertionError(route.label() + " with credential " + cred + " answered " + r.status()
                        + " but changed state:\n  " + diff);
            }
        }
        if (expected < 400) route.onSuccess().accept(cred, r);
    }

    // ------------------------------------------------------------------ helpers

    private JsonNode userById(String id) {
        for (JsonNode u : api.users()) if (id.equals(u.path("id").asText())) return u;
        throw new AssertionError("user " + id + " not listed in " + api.users());
    }

    private JsonNode joinTokenById(String id) {
        for (JsonNode t : api.allJoinTokens()) if (id.equals(t.path("id").asText())) return t;
        throw new AssertionError("join token " + id + " not listed in " + api.allJoinTokens());
    }

    private static List<String> clusterNames(PyqlClient u) {
        List<String> names = new ArrayList<>();
        for (JsonNode c : u.get("/cluster").expect(200).json().path("clusters")) names.add(c.path("name").asText());
        return names;
    }
}
