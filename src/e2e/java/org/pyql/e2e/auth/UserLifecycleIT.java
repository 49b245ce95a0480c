package org.pyql.e2e.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pyql.e2e.auth.AuthApi.JoinToken;
import org.pyql.e2e.auth.AuthApi.User;
import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.Poll;
import org.pyql.e2e.harness.PyqlClient;
import org.pyql.e2e.harness.PyqlClient.Response;

/**
 * Users from registration to deletion: register validation (400/409, nothing stored), roles, lists and lookups that
 * never show a password or hash, password change (the old password stops working at once), deletion (Basic, user and
 * join tokens of the deleted user stop working; the name can be reused without inheriting anything), the last admin,
 * token types and minting, join token revocation, and the failed-login lock-out (429 after ten failures, also for the
 * right password; recovery after a minute in the {@code long} group).
 */
@ExtendWith(AuthNode.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserLifecycleIT {
    private static final Set<String> USER_FIELDS = Set.of("id", "username", "email", "role", "created_at");
    private AuthApi api;
    private PyqlClient admin;
    private Snapshots users;

    @BeforeAll
    void setUp(AuthNode.Shared shared) {
        api = new AuthApi(shared.node());
        admin = api.anonymous().withToken(api.admin().userToken());
        users = new Snapshots().view("users", admin, "/auth/users");
    }

    private Response register(String kind, Object body) {
        return admin.post("/auth/" + kind + "/register", body);
    }

    // ------------------------------------------------------------------ registration

    @Test
    void registrationIsValidatedAndStoresNothingWhenRefused() {
        String pw = Secrets.password();
        String n = AuthApi.uniqueName("valid");
        String email = n + "@e2e.example.org";
        List<Object> bad400 = new ArrayList<>(List.of(
                AuthApi.body(null, email, pw), AuthApi.body(n, null, pw), AuthApi.body(n, email, null),
                AuthApi.body("", email, pw), AuthApi.body(n, "", pw), AuthApi.body(n, email, ""),
                AuthApi.body(n, "no-at-sign", pw), AuthApi.body(n, "a@b", pw), AuthApi.body(n, "two@@example.org", pw),
                AuthApi.body(n, "with space@example.org", pw), AuthApi.body(n, "@example.org", pw),
                AuthApi.body(n, email, Secrets.password(7)),
                AuthApi.body("has space", email, pw), AuthApi.body("x".repeat(65), email, pw),
                AuthApi.body("\u00e9mile", email, pw), AuthApi.body("a/b", email, pw), AuthApi.body("semi;colon", email, pw),
                Json.parse("{'username': 42, 'email': '" + email + "', 'password': '" + pw + "'}"),
                Json.parse("{'username': '" + n + "', 'email': ['" + email + "'], 'password': '" + pw + "'}"),
                Json.parse("[1, 2]"), "{\"username\": ", "not json at all"));
        for (Object body : bad400) {
            for (String kind : List.of("user", "admin")) {
                Response r = users.refused(400, () -> register(kind, body));
                assertFalse(r.raw().contains(pw), "the password is echoed: " + r.describe());
            }
        }
        users.refused(400, () -> admin.post("/auth/user/register", null));
        // boundaries that are fine: 8 characters of password, 64 of username, every allowed character
        Response ok = register("user", AuthApi.body(n, email, Secrets.password(8))).expect(201);
        assertEquals("user created successfully", ok.text("message"));
        assertFalse(ok.text("id").isBlank());
        String longest = "L" + "x".repeat(60) + UUID.randomUUID().toString().substring(0, 3);
        register("user", AuthApi.body(longest, longest + "@e2e.example.org", Secrets.password())).expect(201);
        String odd = "a.b-c_D9" + UUID.randomUUID().toString().substring(0, 4);
        register("user", AuthApi.body(odd, odd + "@sub.e2e.example.org", Secrets.password())).expect(201);
        // duplicates: same username (with another email), same email (with another username): 409, nothing stored
        users.refused(409, () -> register("user", AuthApi.body(n, "other-" + email, Secrets.password())));
        users.refused(409, () -> register("admin", AuthApi.body(n, "third-" + email, Secrets.password())));
        users.refused(409, () -> register("user", AuthApi.body(AuthApi.uniqueName("other"), email, Secrets.password())));
    }

    @Test
    void adminRegisterCreatesAnAdminAndUserRegisterAUser() {
        User a = api.registerAdmin("newadmin");
        User u = api.register("plain");
        assertEquals("admin", byName(a.name).path("role").asText());
        assertEquals("user", byName(u.name).path("role").asText());
        a.basic().get("/auth/users").expect(200);
        a.basic().post("/auth/user/register", AuthApi.body(AuthApi.uniqueName("byadmin"), UUID.randomUUID() + "@e2e.example.org",
                Secrets.password())).expect(201);
        users.refused(403, () -> u.basic().get("/auth/users"));
        users.refused(403, () -> u.basic().post("/auth/user/register", AuthApi.body(AuthApi.uniqueName("byuser"),
                UUID.randomUUID() + "@e2e.example.org", Secrets.password())));
        users.refused(403, () -> u.token().post("/auth/admin/register", AuthApi.body(AuthApi.uniqueName("byuser"),
                UUID.randomUUID() + "@e2e.example.org", Secrets.password())));
    }

    @Test
    void usersAreListedAndReadWithoutAnySecret() {
        User u = api.register("listed");
        User other = api.register("nosy");
        JsonNode list = admin.get("/auth/users").expect(200).json();
        assertEquals(List.of("users"), fieldNames(list));
        JsonNode mine = byName(u.name);
        assertEquals(u.id, mine.path("id").asText());
        assertEquals(u.email, mine.path("email").asText());
        assertTrue(mine.path("created_at").asLong() > 1_600_000_000_000L, "created_at in epoch ms: " + mine);
        String raw = admin.get("/auth/users").expect(200).raw().toLowerCase();
        for (String word : List.of("password", "hash", "salt", "pbkdf2", "sealed")) assertFalse(raw.contains(word), word);
        assertFalse(raw.contains(u.password().toLowerCase()), "a password is listed");
        // one user: admin or the user themself; anyone else 404 (as for a user that does not exist)
        Response self = u.token().get("/auth/users/" + u.name).expect(200);
        assertEquals(USER_FIELDS, new TreeSet<>(self.fieldNames()));
        assertEquals(mine, Snapshots.normalise(self.json()));
        assertEquals(mine, Snapshots.normalise(u.basic().get("/auth/users/" + u.name).expect(200).json()));
        assertEquals(mine, Snapshots.normalise(admin.get("/auth/users/" + u.name).expect(200).json()));
        Response nosy = other.token().get("/auth/users/" + u.name).expect(404);
        Response none = other.token().get("/auth/users/nobody_" + UUID.randomUUID().toString().substring(0, 8)).expect(404);
        assertEquals(none.error().replaceAll("nobody_\\w+", "X"), nosy.error().replace(u.name, "X"),
                "the error tells an existing user from a missing one");
        admin.get("/auth/users/nobody_" + UUID.randomUUID().toString().substring(0, 8)).expect(404);
        // every listed user has the same fields (email may be null, e.g. for the bootstrap admin, but is there)
        for (JsonNode e : list.path("users")) assertEquals(USER_FIELDS, new TreeSet<>(fieldNames(e)), "user fields: " + e);
    }

    // ------------------------------------------------------------------ password change

    @Test
    void passwordChange() {
        User u = api.register("pwchange");
        String old = u.password();
        String token = u.userToken();
        ObjectNode body = Json.object();
        // wrong current password: 401, nothing changes
        body.put("password", "not-" + old);
        body.put("new_password", Secrets.password());
        u.basic().post("/auth/user/password", body).expect(401);
        body.put("password", old);
        body.put("new_password", Secrets.password(7));
        u.basic().post("/auth/user/password", body).expect(400);
        body.remove("new_password");
        u.basic().post("/auth/user/password", body).expect(400);
        ObjectNode noCurrent = Json.object();
        noCurrent.put("new_password", Secrets.password());
        u.basic().post("/auth/user/password", noCurrent).expect(400);
        u.basic().post("/auth/user/password", "{\"password\": ").expect(400);
        u.basic().get("/auth/users/" + u.name).expect(200);   // still the old password
        // success (with a token: the body proves the password); the old password fails at once, the new one works
        String next = Secrets.password();
        body.put("password", old);
        body.put("new_password", next);
        assertEquals("password changed", api.anonymous().withToken(token).post("/auth/user/password", body).expect(200)
                .text("message"));
        api.anonymous().withBasic(u.name, old).get("/auth/users/" + u.name).expect(401);
        api.anonymous().withAuthorizationBasic(u.name, old).get("/auth/users/" + u.name).expect(401);
        u.passwordChanged(next);
        u.basic().get("/auth/users/" + u.name).expect(200);
        u.authorizationBasic().get("/auth/users/" + u.name).expect(200);
        // and once more with Basic, back to a fresh one
        String third = Secrets.password();
        body.put("password", next);
        body.put("new_password", third);
        u.basic().post("/auth/user/password", body).expect(200);
        api.anonymous().withBasic(u.name, next).get("/cluster").expect(401);
        u.passwordChanged(third);
        u.basic().get("/cluster").expect(200);
        // a join token cannot change a password
        JoinToken j = u.joinToken();
        body.put("password", third);
        body.put("new_password", Secrets.password());
        j.client(api).post("/auth/user/password", body).expect(403);
        u.basic().get("/cluster").expect(200);
    }

    // ------------------------------------------------------------------ deletion

    @Test
    void aDeletedUsersCredentialsStopWorking() {
        User d = api.register("doomed");
        String token = d.userToken();
        JoinToken join = d.joinToken();
        String clusterId = d.createCluster("mine");
        d.basic().get("/cluster/mine").expect(200);
        User other = api.register("bystander");
        // only an admin deletes; a user can delete neither another user nor themself
        users.refused(403, () -> other.basic().delete("/auth/users/" + d.name));
        users.refused(403, () -> d.basic().delete("/auth/users/" + d.name));
        users.refused(403, () -> api.anonymous().withToken(token).delete("/auth/users/" + other.name));
        users.refused(401, () -> api.anonymous().delete("/auth/users/" + d.name));
        users.refused(404, () -> admin.delete("/auth/users/nobody_" + UUID.randomUUID().toString().substring(0, 8)));
        assertEquals("user deleted", admin.delete("/auth/users/" + d.name).expect(200).text("message"));
        assertFalse(api.usernames().contains(d.name));
        admin.get("/auth/users/" + d.name).expect(404);
        d.basic().get("/cluster").expect(401);
        api.anonymous().withToken(token).get("/cluster").expect(401);
        api.anonymous().withBearer(token).get("/auth/users/" + d.name).expect(401);
        join.client(api).post("/cluster/mine/join", AuthApi.joinBody("mine", "after-delete", UUID.randomUUID().toString()))
                .expect(401);
        users.refused(404, () -> admin.delete("/auth/users/" + d.name));
        // the name can be registered again and inherits nothing: no clusters, old tokens still refused
        PyqlClient reborn = api.anonymous().withBasic(d.name, d.password());
        register("user", AuthApi.body(d.name, d.email, d.password())).expect(201);
        assertEquals(0, reborn.get("/cluster").expect(200).json().path("clusters").size(),
                "a new user of the same name sees the deleted user's clusters");
        reborn.get("/cluster/mine").expect(404);
        api.anonymous().withToken(token).get("/cluster").expect(401);
        join.client(api).post("/cluster/mine/join", AuthApi.joinBody("mine", "after-rebirth", UUID.randomUUID().toString()))
                .expect(401);
        assertNotEquals(null, clusterId);
    }

    @Test
    void theLastAdminCannotBeDeleted() {
        User second = api.registerAdmin("secondadmin");
        // every admin but the bootstrap one goes (admins of this suite only: this node is the auth suite's own)
        for (JsonNode u : admin.get("/auth/users").expect(200).json().path("users")) {
            String name = u.path("username").asText();
            if ("admin".equals(u.path("role").asText()) && !name.equals("admin")) {
                admin.delete("/auth/users/" + name).expect(200);
            }
        }
        second.basic().get("/auth/users").expect(401);
        users.refused(409, () -> admin.delete("/auth/users/admin"));
        users.refused(409, () -> api.admin().basic().delete("/auth/users/admin"));
        admin.get("/auth/users/admin").expect(200);
        api.admin().basic().get("/auth/keys").expect(200);
    }

    // ------------------------------------------------------------------ tokens

    @Test
    void tokensCarryTheirTypeAndNeverMintTokens() {
        User u = api.register("tokens");
        String t = u.userToken();
        JsonNode p = Jwt.payload(t);
        assertEquals("user", p.path("typ").asText(), p.toString());
        assertEquals(3600, p.path("exp").asLong() - p.path("iat").asLong(), "user tokens live an hour: " + p);
        assertFalse(p.path("jti").asText().isBlank(), p.toString());
        assertEquals("HS256", Jwt.header(t).path("alg").asText());
        JoinToken j = u.joinToken();
        assertEquals("join", Jwt.payload(j.jwt()).path("typ").asText());
        assertEquals(j.id(), Jwt.payload(j.jwt()).path("jti").asText(), "the join token id is its jti");
        PyqlClient anon = api.anonymous();
        for (PyqlClient c : List.of(anon.withToken(t), anon.withBearer(t), j.client(api), anon.withBearer(j.jwt()))) {
            for (String type : List.of("user", "join", "cluster", "local")) c.get("/auth/token/" + type).expect(403);
        }
        anon.get("/auth/token/user").expect(401);
        // an ordinary user gets no service token even with a password
        u.basic().get("/auth/token/cluster").expect(403);
        u.basic().get("/auth/token/local").expect(403);
        u.basic().get("/auth/token/nope").expect(404);
        // Basic on both headers; the README's `echo 'user:pw' | base64` newline is tolerated
        Secrets.token("user token", u.basic().get("/auth/token/user").expect(200).text("token"));
        Secrets.token("user token", u.authorizationBasic().get("/auth/token/user").expect(200).text("token"));
        anon.withHeader("Authentication", "Basic " + Secrets.b64(u.name + ":" + u.password() + "\n")).get("/cluster").expect(200);
        for (String header : List.of("Basic", "Basic !!!", "Basic " + Secrets.b64("no-colon"), "Token", "Bearer x.y.z",
                "Digest abc", "")) {
            anon.withHeader("Authentication", header).get("/cluster").expect(401);
        }
    }

    @Test
    void joinTokensAreListedAndRevocable() {
        User owner = api.register("joiner");
        User other = api.register("otherjoiner");
        owner.createCluster("jc");
        JoinToken j = owner.joinToken();
        JoinToken k = other.joinToken();
        JsonNode mine = owner.token().get("/auth/tokens/join").expect(200).json().path("join_tokens");
        assertEquals(1, mine.size(), "only the owner's tokens: " + mine);
        JsonNode e = mine.get(0);
        assertEquals(new TreeSet<>(List.of("id", "owner", "expires_at", "revoked")), new TreeSet<>(fieldNames(e)));
        assertEquals(j.id(), e.path("id").asText());
        assertTrue(e.path("owner").asText().equals(owner.id) || e.path("owner").asText().equals(owner.name), e.toString());
        assertEquals(j.expiresAt(), e.path("expires_at").asLong());
        assertTrue(j.expiresAt() > System.currentTimeMillis() + 3_600_000L, "join tokens outlive an hour: " + e);
        assertFalse(e.path("revoked").asBoolean());
        assertFalse(e.toString().contains(j.jwt()), "the list shows the token itself");
        List<String> all = new ArrayList<>();
        for (JsonNode t : admin.get("/auth/tokens/join").expect(200).json().path("join_tokens")) all.add(t.path("id").asText());
        assertTrue(all.containsAll(List.of(j.id(), k.id())), "admin sees every join token: " + all);

        String uuid = UUID.randomUUID().toString();
        j.client(api).post("/cluster/jc/join", AuthApi.joinBody("jc", "before-revoke", uuid)).expect(200);
        Snapshots tokens = new Snapshots().view("join tokens", admin, "/auth/tokens/join")
                .view("endpoints", owner.token(), "/cluster/jc/endpoints");
        tokens.refused(404, () -> other.token().delete("/auth/token/join/" + j.id()));
        tokens.refused(403, () -> k.client(api).delete("/auth/token/join/" + j.id()));
        tokens.refused(403, () -> j.client(api).delete("/auth/token/join/" + j.id()));
        tokens.refused(401, () -> api.anonymous().delete("/auth/token/join/" + j.id()));
        tokens.refused(404, () -> owner.token().delete("/auth/token/join/" + UUID.randomUUID()));
        j.client(api).post("/cluster/jc/join", AuthApi.joinBody("jc", "still-valid", uuid)).expect(200);
        owner.basic().delete("/auth/token/join/" + j.id()).expect(200);
        JsonNode after = owner.token().get("/auth/tokens/join").expect(200).json().path("join_tokens").get(0);
        assertTrue(after.path("revoked").asBoolean(), after.toString());
        tokens.refused(401, () -> j.client(api).post("/cluster/jc/join", AuthApi.joinBody("jc", "after-revoke",
                UUID.randomUUID().toString())));
        tokens.refused(401, () -> api.anonymous().withBearer(j.jwt()).post("/cluster/jc/join", AuthApi.joinBody("jc",
                "after-revoke", UUID.randomUUID().toString())));
        // an admin revokes anyone's; the owner's other tokens are unaffected
        JoinToken j2 = owner.joinToken();
        admin.delete("/auth/token/join/" + k.id()).expect(200);
        k.client(api).post("/cluster/kc/join", AuthApi.joinBody("kc", "k-ep", UUID.randomUUID().toString())).expect(401);
        j2.client(api).post("/cluster/jc/join", AuthApi.joinBody("jc", "second", UUID.randomUUID().toString())).expect(200);
    }

    // ------------------------------------------------------------------ failed logins

    private static void failTenTimes(PyqlClient anon, User u) {
        for (int i = 1; i <= 10; i++) {
            Response r = anon.withBasic(u.name, "wrong-" + i + "-" + UUID.randomUUID()).get("/cluster");
            assertEquals(401, r.status(), "failed login " + i + ": " + r.describe());
        }
    }

    @Test
    void tenFailedLoginsLockTheUsernameEvenForTheRightPassword() {
        User u = api.register("locked");
        User bystander = api.register("unlocked");
        PyqlClient anon = api.anonymous();
        failTenTimes(anon, u);
        anon.withBasic(u.name, "wrong-again").get("/cluster").expect(429);
        Response right = u.basic().get("/cluster");
        assertEquals(429, right.status(), "the right password during the lock-out: " + right.describe());
        right.assertErrorShape();
        u.authorizationBasic().get("/auth/token/user").expect(429);
        bystander.basic().get("/cluster").expect(200);   // per username
    }

    @Test
    void aRecentSuccessfulLoginDoesNotBypassTheLockout() {
        User u = api.register("cached");
        u.basic().get("/cluster").expect(200);   // a successful login shortly before the attack
        PyqlClient anon = api.anonymous();
        failTenTimes(anon, u);
        anon.withBasic(u.name, "wrong-again").get("/cluster").expect(429);
        Response right = u.basic().get("/cluster");
        assertEquals(429, right.status(), "the right password during the lock-out (after a recent success): "
                + right.describe());
    }

    @Test
    @Tag("long")
    void theLockoutEndsAfterAMinute() {
        User u = api.register("recovers");
        PyqlClient anon = api.anonymous();
        long t0 = System.nanoTime();
        failTenTimes(anon, u);
        u.basic().get("/cluster").expect(429);
        Poll.until("the lock-out of " + u.name + " ends", Duration.ofSeconds(90), Duration.ofSeconds(2),
                () -> u.basic().get("/cluster").status() == 200);
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertTrue(seconds >= 50, "the lock-out ended after " + seconds + " s, before the minute");
        // counting starts afresh: one failure is a 401 again, and the right password works
        anon.withBasic(u.name, "wrong-after").get("/cluster").expect(401);
        u.basic().get("/cluster").expect(200);
    }

    // ------------------------------------------------------------------ helpers

    private JsonNode byName(String username) {
        for (JsonNode u : admin.get("/auth/users").expect(200).json().path("users")) {
            if (username.equals(u.path("username").asText())) return Snapshots.normalise(u);
        }
        throw new AssertionError(username + " not listed");
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
