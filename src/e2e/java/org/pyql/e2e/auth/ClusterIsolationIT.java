package org.pyql.e2e.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pyql.e2e.auth.AuthApi.JoinToken;
import org.pyql.e2e.auth.AuthApi.User;
import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.PyqlClient;
import org.pyql.e2e.harness.PyqlClient.Response;

/**
 * Tenancy of data clusters: a user sees, reads, shares, deletes and joins only their own clusters and those shared
 * with them; a read share reads and nothing more; a write share cannot share onward or delete; revoking a share takes
 * access away at once (also from tokens issued before); two users can own the same cluster name; a join token adds
 * endpoints only to its owner's clusters and can never take over another cluster's endpoint. Every refused request is
 * checked to leave the owner's view (list, document with shares, endpoints) exactly as it was.
 */
@ExtendWith(AuthNode.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIsolationIT {
    private AuthApi api;
    private User alice;
    private User bob;
    private User carol;
    private User dave;

    @BeforeAll
    void users(AuthNode.Shared shared) {
        api = new AuthApi(shared.node());
        alice = api.register("alice");
        bob = api.register("bob");
        carol = api.register("carol");
        dave = api.register("dave");
    }

    /** The owner's view of one cluster: its list, the document (with shares) and the endpoints. */
    private Snapshots ownerView(User owner, String cluster) {
        return new Snapshots()
                .view(owner + "'s clusters", owner.token(), "/cluster")
                .view(owner + "'s " + cluster, owner.token(), AuthApi.clusterPath(cluster, owner.name, ""))
                .view(owner + "'s " + cluster + " endpoints", owner.token(), AuthApi.clusterPath(cluster, owner.name, "/endpoints"));
    }

    private static JsonNode entry(User viewer, String name, String owner) {
        for (JsonNode c : viewer.token().get("/cluster").expect(200).json().path("clusters")) {
            if (c.path("name").asText().equals(name) && c.path("owner").asText().equals(owner)) return c;
        }
        return null;
    }

    private static List<String> names(User viewer) {
        List<String> names = new ArrayList<>();
        for (JsonNode c : viewer.token().get("/cluster").expect(200).json().path("clusters")) {
            names.add(c.path("owner").asText() + "/" + c.path("name").asText());
        }
        return names;
    }

    /** Joins an endpoint with {@code owner}'s join token; returns the endpoint token that was sent. */
    private String join(User owner, String cluster, String dbUuid, String expectedClusterId) {
        ObjectNode body = AuthApi.joinBody(cluster, "ep-" + dbUuid.substring(0, 8), dbUuid);
        Response r = owner.joinToken().client(api).post("/cluster/" + cluster + "/join", body).expect(200);
        if (expectedClusterId != null) assertEquals(expectedClusterId, r.text("cluster"), r.describe());
        return body.path("token").asText();
    }

    private static ObjectNode share(String username, String access) {
        ObjectNode b = Json.object();
        if (username != null) b.put("username", username);
        if (access != null) b.put("access", access);
        return b;
    }

    // ------------------------------------------------------------------ names

    @Test
    void twoUsersOwnTheSameNameIndependently() {
        String aId = alice.createCluster("data");
        String bId = bob.createCluster("data");
        assertNotEquals(aId, bId);
        JsonNode a = entry(alice, "data", alice.name);
        assertEquals("owner", a.path("access").asText(), a.toString());
        assertEquals(aId, a.path("id").asText());
        assertEquals(null, entry(alice, "data", bob.name), "alice sees bob's data: " + names(alice));
        assertEquals(null, entry(bob, "data", alice.name), "bob sees alice's data: " + names(bob));
        assertEquals(aId, alice.token().get("/cluster/data").expect(200).text("id"));
        assertEquals(bId, bob.token().get("/cluster/data").expect(200).text("id"));
        assertEquals(bId, bob.basic().get("/cluster/data").expect(200).text("id"));
        // a second create of one's own name is 409, and changes nothing
        ownerView(alice, "data").refused(409, () -> alice.token().post("/cluster/data/create", null));
        ownerView(bob, "data").refused(409, () -> bob.basic().post("/cluster/data/create", null));
    }

    @Test
    void clusterNamesAreValidated() {
        Snapshots mine = new Snapshots().view("alice's clusters", alice.token(), "/cluster");
        for (String bad : List.of("pyql", "bad%20name", "dots.are.not.allowed", "x".repeat(65), "%C3%A9t%C3%A9")) {
            Response r = mine.refused(400, () -> alice.token().post("/cluster/" + bad + "/create", null));
            assertFalse(r.error().isBlank());
        }
        String longest = "L" + "x".repeat(63);
        alice.createCluster(longest);
        alice.createCluster("with-dash_and_underscore");
    }

    // ------------------------------------------------------------------ invisibility

    @Test
    void anotherUsersClusterIsInvisibleAndUntouchable() {
        String secretId = bob.createCluster("secret");
        String endpointToken = join(bob, "secret", UUID.randomUUID().toString(), secretId);
        Snapshots bobs = ownerView(bob, "secret");
        PyqlClient a = alice.token();
        assertFalse(names(alice).contains(bob.name + "/secret"), names(alice).toString());
        // every route answers as if it did not exist: same status, same error as for a name nobody uses
        String missing = "nothing_" + UUID.randomUUID().toString().substring(0, 8);
        for (String owner : new String[] {null, bob.name}) {
            Response hidden = bobs.refused(404, () -> a.get(AuthApi.clusterPath("secret", owner, "")));
            Response none = a.get(AuthApi.clusterPath(missing, owner, "")).expect(404);
            assertEquals(none.error().replace(missing, "X"), hidden.error().replace("secret", "X"),
                    "the error tells an existing cluster from a missing one");
            bobs.refused(404, () -> a.get(AuthApi.clusterPath("secret", owner, "/endpoints")));
            bobs.refused(404, () -> a.post(AuthApi.clusterPath("secret", owner, "/share"), share(alice.name, "write")));
            bobs.refused(404, () -> a.post(AuthApi.clusterPath("secret", owner, "/share"), share(carol.name, "read")));
            bobs.refused(404, () -> a.delete(AuthApi.clusterPath("secret", owner, "/share/" + carol.name)));
            bobs.refused(404, () -> a.delete(AuthApi.clusterPath("secret", owner, "")));
            bobs.refused(404, () -> alice.basic().delete(AuthApi.clusterPath("secret", owner, "")));
        }
        // alice's join token on the same name makes alice's own "secret", never touches bob's
        String aliceSecret = bobs.refused(200, () -> alice.joinToken().client(api).post("/cluster/secret/join",
                AuthApi.joinBody("secret", "alice-ep", UUID.randomUUID().toString()))).text("cluster");
        assertNotEquals(secretId, aliceSecret);
        assertEquals("owner", entry(alice, "secret", alice.name).path("access").asText());
        // naming bob as the owner does not redirect a join either
        Response viaOwner = bobs.refused(200, () -> alice.joinToken().client(api).post(
                AuthApi.clusterPath("secret", bob.name, "/join"), AuthApi.joinBody("secret", "alice-ep2", UUID.randomUUID().toString())));
        assertEquals(aliceSecret, viaOwner.text("cluster"), "?owner=bob took a join into bob's cluster");
        // and bob's endpoint token is never returned
        for (String path : List.of("/cluster", "/cluster/secret", "/cluster/secret/endpoints")) {
            Response r = bob.token().get(path).expect(200);
            assertFalse(r.raw().contains(endpointToken), "endpoint token returned by " + path);
        }
    }

    @Test
    void aJoinTokenCannotTakeOverAnotherClustersEndpoint() {
        String id = bob.createCluster("owned_ep");
        String dbUuid = UUID.randomUUID().toString();
        join(bob, "owned_ep", dbUuid, id);
        Snapshots bobs = ownerView(bob, "owned_ep");
        // alice re-joins bob's database (same uuid) into her cluster of the same name: refused, bob's endpoint intact
        bobs.refused(409, () -> alice.joinToken().client(api).post("/cluster/owned_ep/join",
                AuthApi.joinBody("owned_ep", "hijack", dbUuid)));
        bobs.refused(409, () -> alice.joinToken().client(api).post("/cluster/elsewhere/join",
                AuthApi.joinBody("elsewhere", "hijack", dbUuid)));
    }

    @Test
    void joinNeedsAJoinTokenAndEndpointsNeverShowTheirToken() {
        String id = carol.createCluster("joined");
        Snapshots carols = ownerView(carol, "joined");
        ObjectNode body = AuthApi.joinBody("joined", "ep-x", UUID.randomUUID().toString());
        carols.refused(403, () -> carol.basic().post("/cluster/joined/join", body));
        carols.refused(403, () -> carol.token().post("/cluster/joined/join", body));
        carols.refused(403, () -> api.admin().basic().post("/cluster/joined/join", body));
        carols.refused(401, () -> api.anonymous().post("/cluster/joined/join", body));
        String dbUuid = UUID.randomUUID().toString();
        ObjectNode good = AuthApi.joinBody("joined", "ep-carol", dbUuid);
        carol.joinToken().client(api).post("/cluster/joined/join", good).expect(200);
        String token = good.path("token").asText();
        for (String path : List.of("/cluster", "/cluster/joined", "/cluster/joined/endpoints")) {
            assertFalse(carol.token().get(path).expect(200).raw().contains(token), "endpoint token returned by " + path);
            assertFalse(api.admin().basic().get(path + (path.equals("/cluster") ? "" : "?owner=" + carol.name)).expect(200)
                    .raw().contains(token), "endpoint token returned to admin by " + path);
        }
        assertEquals(id, carol.token().get("/cluster/joined").expect(200).text("id"));
        JsonNode eps = carol.token().get("/cluster/joined/endpoints").expect(200).json().path("endpoints");
        assertEquals(1, eps.size(), eps.toString());
        JsonNode ep = eps.get(0);
        assertEquals(dbUuid, ep.path("id").asText(), ep.toString());
        assertEquals("127.0.0.1:1", ep.path("path").asText(), ep.toString());
        assertEquals("company", ep.path("database").asText(), ep.toString());
        Set<String> fields = new TreeSet<>();
        ep.fieldNames().forEachRemaining(fields::add);
        assertEquals(new TreeSet<>(List.of("id", "name", "path", "database")), fields, "endpoint fields: " + ep);
        assertEquals("ep-carol", ep.path("name").asText(), ep.toString());
    }

    // ------------------------------------------------------------------ sharing

    @Test
    void aReadShareReadsAndNothingElse() {
        String id = bob.createCluster("shared_r");
        String token = join(bob, "shared_r", UUID.randomUUID().toString(), id);
        bob.share("shared_r", alice.name, "read");
        JsonNode e = entry(alice, "shared_r", bob.name);
        assertTrue(e != null, "shared cluster listed for alice: " + names(alice));
        assertEquals("read", e.path("access").asText(), e.toString());
        assertEquals(id, e.path("id").asText());
        PyqlClient a = alice.token();
        Response doc = a.get(AuthApi.clusterPath("shared_r", bob.name, "")).expect(200);
        assertEquals(id, doc.text("id"));
        assertEquals("read", doc.text("access"));
        assertEquals(id, a.get("/cluster/shared_r").expect(200).text("id"), "unambiguous without ?owner");
        JsonNode eps = a.get(AuthApi.clusterPath("shared_r", bob.name, "/endpoints")).expect(200).json().path("endpoints");
        assertEquals(1, eps.size(), eps.toString());
        assertFalse(doc.raw().contains(token) || eps.toString().contains(token), "endpoint token returned to a reader");
        Snapshots bobs = ownerView(bob, "shared_r");
        bobs.refused(403, () -> a.post(AuthApi.clusterPath("shared_r", bob.name, "/share"), share(carol.name, "read")));
        bobs.refused(403, () -> a.post(AuthApi.clusterPath("shared_r", bob.name, "/share"), share(alice.name, "write")));
        bobs.refused(403, () -> a.delete(AuthApi.clusterPath("shared_r", bob.name, "/share/" + alice.name)));
        bobs.refused(403, () -> a.delete(AuthApi.clusterPath("shared_r", bob.name, "")));
        bobs.refused(403, () -> alice.basic().delete("/cluster/shared_r"));
        // users the cluster is not shared with still see nothing
        bobs.refused(404, () -> carol.token().get(AuthApi.clusterPath("shared_r", bob.name, "")));
        assertFalse(names(carol).contains(bob.name + "/shared_r"));
    }

    @Test
    void aWriteShareCannotShareOnwardOrDelete() {
        String id = bob.createCluster("shared_w");
        bob.share("shared_w", carol.name, "write");
        PyqlClient c = carol.token();
        Response doc = c.get(AuthApi.clusterPath("shared_w", bob.name, "")).expect(200);
        assertEquals(id, doc.text("id"));
        assertEquals("write", doc.text("access"));
        assertEquals("write", entry(carol, "shared_w", bob.name).path("access").asText());
        c.get(AuthApi.clusterPath("shared_w", bob.name, "/endpoints")).expect(200);
        assertFalse(doc.json().has("shared_with"), "a non-owner sees the share list: " + doc.describe());
        Snapshots bobs = ownerView(bob, "shared_w");
        bobs.refused(403, () -> c.post(AuthApi.clusterPath("shared_w", bob.name, "/share"), share(dave.name, "read")));
        bobs.refused(403, () -> c.delete(AuthApi.clusterPath("shared_w", bob.name, "/share/" + carol.name)));
        bobs.refused(403, () -> c.delete(AuthApi.clusterPath("shared_w", bob.name, "")));
        // a join token of the writer joins the writer's own namespace, never bob's cluster
        String carols = bobs.refused(200, () -> carol.joinToken().client(api).post("/cluster/shared_w/join",
                AuthApi.joinBody("shared_w", "carol-ep", UUID.randomUUID().toString()))).text("cluster");
        assertNotEquals(id, carols);
    }

    @Test
    void revokingAShareTakesAccessAwayAtOnce() {
        String id = bob.createCluster("revoked");
        bob.share("revoked", dave.name, "read");
        PyqlClient d = dave.token();   // issued while the share exists
        assertEquals(id, d.get(AuthApi.clusterPath("revoked", bob.name, "")).expect(200).text("id"));
        bob.unshare("revoked", dave.name);
        d.get(AuthApi.clusterPath("revoked", bob.name, "")).expect(404);
        d.get(AuthApi.clusterPath("revoked", bob.name, "/endpoints")).expect(404);
        dave.basic().get("/cluster/revoked").expect(404);
        assertFalse(names(dave).contains(bob.name + "/revoked"));
        // revoking what is not shared is 404; sharing again works; then the owner deletes the cluster: gone for all
        ownerView(bob, "revoked").refused(404, () -> bob.token().delete(AuthApi.clusterPath("revoked", bob.name,
                "/share/" + dave.name)));
        bob.share("revoked", dave.name, "write");
        assertEquals("write", d.get(AuthApi.clusterPath("revoked", bob.name, "")).expect(200).text("access"));
        bob.token().delete(AuthApi.clusterPath("revoked", bob.name, "")).expect(200);
        d.get(AuthApi.clusterPath("revoked", bob.name, "")).expect(404);
        bob.token().get("/cluster/revoked").expect(404);
        assertFalse(names(bob).contains(bob.name + "/revoked"));
        assertNotEquals(null, bob.createCluster("revoked"), "the name is free again");
    }

    @Test
    void shareRequestsAreValidated() {
        bob.createCluster("validated");
        Snapshots bobs = ownerView(bob, "validated");
        PyqlClient b = bob.token();
        String path = AuthApi.clusterPath("validated", bob.name, "/share");
        bobs.refused(404, () -> b.post(path, share("no_such_user_" + UUID.randomUUID().toString().substring(0, 6), "read")));
        bobs.refused(400, () -> b.post(path, share(alice.name, "owner")));
        bobs.refused(400, () -> b.post(path, share(alice.name, "admin")));
        bobs.refused(400, () -> b.post(path, share(alice.name, null)));
        bobs.refused(400, () -> b.post(path, share(null, "read")));
        bobs.refused(400, () -> b.post(path, share(bob.name, "read")));
        bobs.refused(400, () -> b.post(path, "{\"username\": "));
        bobs.refused(404, () -> b.delete(AuthApi.clusterPath("validated", bob.name, "/share/" + alice.name)));
    }

    @Test
    void ambiguousNamesNeedTheOwner() {
        String bobsId = bob.createCluster("dup");
        String carolsId = carol.createCluster("dup");
        bob.share("dup", dave.name, "read");
        carol.share("dup", dave.name, "write");
        PyqlClient d = dave.token();
        Response ambiguous = d.get("/cluster/dup").expect(409);
        assertTrue((ambiguous.error() + ambiguous.json().path("detail").asText()).contains("owner"), ambiguous.describe());
        assertEquals(bobsId, d.get("/cluster/dup?owner=" + bob.name).expect(200).text("id"));
        assertEquals(carolsId, d.get("/cluster/dup?owner=" + carol.name).expect(200).text("id"));
        assertEquals("write", d.get("/cluster/dup?owner=" + carol.name).expect(200).text("access"));
        d.get("/cluster/dup/endpoints?owner=" + carol.name).expect(200);
        d.get("/cluster/dup/endpoints").expect(409);
        d.get("/cluster/dup?owner=" + alice.name).expect(404);
        d.get("/cluster/dup?owner=nobody_" + UUID.randomUUID().toString().substring(0, 6)).expect(404);
        // a reader's delete through ?owner is still refused
        ownerView(bob, "dup").refused(403, () -> d.delete("/cluster/dup?owner=" + bob.name));
        // the owner's own cluster of that name: ?owner picks the shared one
        String davesId = dave.createCluster("dup");
        assertEquals(bobsId, d.get("/cluster/dup?owner=" + bob.name).expect(200).text("id"));
        assertEquals(davesId, d.get("/cluster/dup?owner=" + dave.name).expect(200).text("id"));
    }

    @Test
    void joinTokensStayInTheirOwnersNamespace() {
        String alicesData = alice.createCluster("ns");
        String bobsData = bob.createCluster("ns");
        JoinToken aj = alice.joinToken();
        JoinToken bj = bob.joinToken();
        Snapshots bobs = ownerView(bob, "ns");
        String joinedA = bobs.refused(200, () -> aj.client(api).post("/cluster/ns/join",
                AuthApi.joinBody("ns", "a-ep", UUID.randomUUID().toString()))).text("cluster");
        assertEquals(alicesData, joinedA);
        assertEquals(bobsData, bj.client(api).post("/cluster/ns/join",
                AuthApi.joinBody("ns", "b-ep", UUID.randomUUID().toString())).expect(200).text("cluster"));
        // a join token is nothing else: it cannot read, list or manage clusters, nor mint tokens
        Snapshots alices = ownerView(alice, "ns");
        PyqlClient j = aj.client(api);
        alices.refused(403, () -> j.get("/cluster"));
        alices.refused(403, () -> j.get("/cluster/ns"));
        alices.refused(403, () -> j.get("/cluster/ns/endpoints"));
        alices.refused(403, () -> j.post("/cluster/other_name/create", null));
        alices.refused(403, () -> j.post("/cluster/ns/share", share(bob.name, "read")));
        alices.refused(403, () -> j.delete("/cluster/ns"));
        alices.refused(403, () -> j.get("/auth/token/join"));
        alices.refused(403, () -> j.get("/auth/token/user"));
        // a join into a new name creates that cluster for the token's owner
        String fresh = AuthApi.uniqueName("fresh");
        String freshId = aj.client(api).post("/cluster/" + fresh + "/join", AuthApi.joinBody(fresh, "f-ep",
                UUID.randomUUID().toString())).expect(200).text("cluster");
        assertEquals(freshId, alice.token().get("/cluster/" + fresh).expect(200).text("id"));
        assertEquals("owner", entry(alice, fresh, alice.name).path("access").asText());
        assertEquals(null, entry(bob, fresh, alice.name));
    }
}
