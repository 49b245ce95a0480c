package org.pyql.e2e.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.PyqlClient;
import org.pyql.e2e.harness.PyqlClient.Response;
import org.pyql.e2e.harness.PyqlNode;

/**
 * The auth API of one node as the tests use it: users (registered with random passwords, which are registered as
 * secrets), tokens (registered as secrets as they arrive), clusters and shares. Helpers that must succeed assert it.
 */
final class AuthApi {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PyqlNode node;
    private final User admin;

    AuthApi(PyqlNode node) {
        this.node = node;
        this.admin = new User(this, PyqlNode.ADMIN_USER, null, node.adminPassword(), null, "admin");
    }

    PyqlNode node() {
        return node;
    }

    /** A client without credentials. */
    PyqlClient anonymous() {
        return node.client();
    }

    /** The bootstrap admin (Basic on the original's header). */
    User admin() {
        return admin;
    }

    // ------------------------------------------------------------------ names

    /** A username unique in this run: {@code <prefix>_<n><random>} ([A-Za-z0-9_.-]). */
    static String uniqueName(String prefix) {
        return prefix + "_" + COUNTER.incrementAndGet() + Integer.toString(RANDOM.nextInt(36 * 36 * 36), 36);
    }

    static String clusterPath(String name, String owner, String suffix) {
        return "/cluster/" + name + suffix + (owner == null ? "" : "?owner=" + owner);
    }

    // ------------------------------------------------------------------ users

    /** A registered user (role user), via {@code POST /auth/user/register} as admin. */
    User register(String prefix) {
        return register(prefix, "user");
    }

    User registerAdmin(String prefix) {
        return register(prefix, "admin");
    }

    private User register(String prefix, String role) {
        String name = uniqueName(prefix);
        String email = name.toLowerCase(Locale.ROOT) + "@e2e.example.org";
        String pw = Secrets.password();
        Response r = admin.basic().post("/auth/" + role + "/register", body(name, email, pw)).expect(201);
        assertEquals("user created successfully", r.text("message"), r.describe());
        String id = r.json().path("id").asText(null);
        assertTrue(id != null && !id.isBlank(), "register answers the new id: " + r.describe());
        Secrets.basic(name, pw);
        return new User(this, name, email, pw, id, role);
    }

    static ObjectNode body(String username, String email, String password) {
        ObjectNode b = Json.object();
        if (username != null) b.put("username", username);
        if (email != null) b.put("email", email);
        if (password != null) b.put("password", password);
        return b;
    }

    /** {@code GET /auth/users} as admin: the users array. */
    JsonNode users() {
        return admin.basic().get("/auth/users").expect(200).json().path("users");
    }

    List<String> usernames() {
        List<String> names = new ArrayList<>();
        for (JsonNode u : users()) names.add(u.path("username").asText());
        return names;
    }

    // ------------------------------------------------------------------ tokens

    /** {@code GET /auth/token/cluster} as the bootstrap admin (Basic). */
    String serviceToken() {
        return serviceToken(admin);
    }

    /** {@code GET /auth/token/cluster} as {@code by} (an admin, Basic). */
    static String serviceToken(User by) {
        return Secrets.token("cluster service token",
                by.basic().get("/auth/token/cluster").expect(200).text("PYQL_CLUSTER_SERVICE_TOKEN"));
    }

    /** {@code GET /auth/token/local} as {@code by} (an admin, Basic). */
    static String localToken(User by) {
        return Secrets.token("local service token",
                by.basic().get("/auth/token/local").expect(200).text("PYQL_LOCAL_SERVICE_TOKEN"));
    }

    /** Admin's view of every join token ({@code GET /auth/tokens/join}). */
    JsonNode allJoinTokens() {
        return admin.basic().get("/auth/tokens/join").expect(200).json().path("join_tokens");
    }

    JsonNode keys() {
        return admin.basic().get("/auth/keys").expect(200).json().path("keys");
    }

    // ------------------------------------------------------------------ clusters

    /** A join body as the original's endpoints send it; the endpoint token is random and registered as a secret. */
    static ObjectNode joinBody(String clusterName, String endpointName, String dbUuid) {
        String endpointToken = "ept-" + UUID.randomUUID() + "-" + Secrets.password(16);
        Secrets.add("endpoint token in a join body", endpointToken);
        ObjectNode b = Json.object();
        b.put("name", endpointName);
        b.put("path", "127.0.0.1:1");
        b.put("token", endpointToken);
        ObjectNode db = b.putObject("database");
        db.put("name", "company");
        db.put("uuid", dbUuid);
        b.putArray("tables");
        b.putArray("consistency");
        return b;
    }

    /** A user, its password (changed by {@link #changePassword}), and credential helpers. */
    static final class User {
        private final AuthApi api;
        final String name;
        final String email;
        final String id;
        final String role;
        private volatile String password;
        private volatile PyqlClient tokenClient;

        User(AuthApi api, String name, String email, String password, String id, String role) {
            this.api = api;
            this.name = name;
            this.email = email;
            this.password = password;
            this.id = id;
            this.role = role;
        }

        String password() {
            return password;
        }

        /** Records a password change done by a test (the node already has it). */
        void passwordChanged(String newPassword) {
            Secrets.basic(name, newPassword);
            this.password = newPassword;
        }

        /** {@code Authentication: Basic}. */
        PyqlClient basic() {
            return api.node.client().withBasic(name, password);
        }

        /** {@code Authorization: Basic}. */
        PyqlClient authorizationBasic() {
            return api.node.client().withAuthorizationBasic(name, password);
        }

        /** A fresh user token ({@code GET /auth/token/user} with Basic). */
        String userToken() {
            Response r = basic().get("/auth/token/user").expect(200);
            assertEquals(List.of("token"), r.fieldNames(), r.describe());
            return Secrets.token("user token", r.text("token"));
        }

        /**
         * A client with one user token of this user, fetched on first use and kept (a Basic login costs a PBKDF2
         * derivation; a token check does not). {@link #renewToken} after a rotation without overlap.
         */
        PyqlClient token() {
            PyqlClient c = tokenClient;
            if (c == null) tokenClient = c = api.node.client().withToken(userToken());
            return c;
        }

        void renewToken() {
            tokenClient = null;
        }

        /** A fresh join token ({@code GET /auth/token/join} with Basic). */
        JoinToken joinToken() {
            Response r = basic().get("/auth/token/join").expect(200);
            String jwt = Secrets.token("join token", r.text("join"));
            String id = r.text("id");
            JsonNode exp = r.json().get("expires_at");
            assertTrue(exp != null && exp.canConvertToLong() && exp.asLong() > System.currentTimeMillis(),
                    "expires_at in epoch ms in the future: " + r.describe());
            assertFalse(id.isBlank());
            return new JoinToken(jwt, id, exp.asLong(), name);
        }

        /** {@code POST /cluster/{name}/create} with its user token; must answer 201. Returns the cluster id. */
        String createCluster(String cluster) {
            Response r = token().post("/cluster/" + cluster + "/create", null).expect(201);
            assertEquals("cluster created", r.text("message"), r.describe());
            assertEquals(cluster, r.text("name"), r.describe());
            assertEquals(name, r.text("owner"), r.describe());
            return r.text("id");
        }

        /** The owner shares its cluster; must answer 200. */
        void share(String cluster, String username, String access) {
            ObjectNode b = Json.object();
            b.put("username", username);
            b.put("access", access);
            token().post(clusterPath(cluster, name, "/share"), b).expect(200);
        }

        void unshare(String cluster, String username) {
            token().delete(clusterPath(cluster, name, "/share/" + username)).expect(200);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    record JoinToken(String jwt, String id, long expiresAt, String owner) {
        PyqlClient client(AuthApi api) {
            return api.node.client().withToken(jwt);
        }
    }
}
