package org.pyql.e2e.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pyql.e2e.auth.AuthApi.User;
import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.PyqlClient;
import org.pyql.e2e.harness.PyqlNode;

/**
 * No secret in any log of the auth suite's nodes: passwords (right, wrong, changed, too short), Basic header values,
 * every token received (user, join, cluster service, local service) and its signature, endpoint tokens sent in join
 * bodies, the key-encryption key and every secret sealed in the state database (signing keys, endpoint tokens),
 * decrypted by the test with that key.
 *
 * <p>Test classes run in no fixed order, so this class first drives every secret-bearing path itself, then scans the
 * logs of every node the suite started so far for every secret the suite registered. {@link AuthNode} scans once more
 * when the run ends, after the shared node has stopped, for classes that ran after this one.
 */
@ExtendWith(AuthNode.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsNotLoggedIT {
    private static final String SEALED = "sealed:v1:";
    private AuthApi api;
    private PyqlNode node;

    @BeforeAll
    void attach(AuthNode.Shared shared) {
        api = new AuthApi(shared.node());
        node = shared.node();
    }

    @Test
    @Order(1)
    void everySecretBearingPathIsExercised() {
        User u = api.register("secretive");
        PyqlClient anon = api.anonymous();
        // wrong passwords are secrets too (a typo of the real one)
        String wrong = Secrets.password();
        Secrets.basic(u.name, wrong);
        anon.withBasic(u.name, wrong).get("/cluster").expect(401);
        anon.withAuthorizationBasic(u.name, wrong).get("/cluster").expect(401);
        anon.withBasic("nobody_" + UUID.randomUUID().toString().substring(0, 6), wrong).get("/cluster").expect(401);
        u.basic().get("/cluster").expect(200);
        anon.withHeader("Authentication", "Basic " + Secrets.b64(u.name + ":" + u.password() + "\n")).get("/cluster").expect(200);
        // refused registrations carry passwords as well
        String shortPw = Secrets.password(7);
        Secrets.add("short password", shortPw);
        api.admin().basic().post("/auth/user/register", AuthApi.body(AuthApi.uniqueName("short"), "s@e2e.example.org",
                shortPw)).expect(400);
        api.admin().basic().post("/auth/user/register", AuthApi.body("bad name", "b@e2e.example.org", Secrets.password()))
                .expect(400);
        // every token type, used, refused and tampered with
        String user = u.userToken();
        anon.withToken(user).get("/cluster").expect(200);
        anon.withBearer(Jwt.withFlippedSignature(user)).get("/cluster").expect(401);
        anon.withToken(Jwt.withPayload(user, p -> p.put("typ", "service"))).get("/auth/users").expect(401);
        anon.withToken(user).get("/auth/token/user").expect(403);
        AuthApi.JoinToken join = u.joinToken();
        String service = api.serviceToken();
        String local = AuthApi.localToken(api.admin());
        anon.withToken(service).get("/db/" + AuthNode.DB + "/tables").expect(200);
        anon.withBearer(local).get("/db/" + AuthNode.DB + "/tables").expect(200);
        anon.withToken(service).get("/auth/token/user").expect(403);
        // a join with an endpoint token (stored sealed), a refused one, a revoked join token
        u.createCluster("vault");
        ObjectNode body = AuthApi.joinBody("vault", "vault-ep", UUID.randomUUID().toString());
        join.client(api).post("/cluster/vault/join", body).expect(200);
        u.basic().post("/cluster/vault/join", AuthApi.joinBody("vault", "refused-ep", UUID.randomUUID().toString())).expect(403);
        u.basic().delete("/auth/token/join/" + join.id()).expect(200);
        join.client(api).post("/cluster/vault/join", AuthApi.joinBody("vault", "late-ep", UUID.randomUUID().toString()))
                .expect(401);
        // a password change (wrong current, then right), a key rotation
        String next = Secrets.password();
        ObjectNode change = Json.object();
        change.put("password", wrong);
        change.put("new_password", next);
        u.basic().post("/auth/user/password", change).expect(401);
        change.put("password", u.password());
        u.basic().post("/auth/user/password", change).expect(200);
        u.passwordChanged(next);
        u.basic().get("/cluster").expect(200);
        api.admin().basic().post("/auth/keys/rotate", Json.parse("{'overlap_seconds': 3600}")).expect(200);
        anon.withToken(user).get("/cluster").expect(200);
    }

    @Test
    @Order(2)
    void secretsAtRestAreKnownToTheScan() throws Exception {
        Path kek = node.dataDir().resolve("kek");
        int sealed = 0;
        if (Files.exists(kek)) {
            String kekText = Files.readString(kek).trim();
            Secrets.add("key-encryption key", kekText);
            byte[] key = Base64.getDecoder().decode(kekText);
            for (String value : sealedValues(node.dataDir().resolve("state.db"))) {
                registerOpened(open(value, key));
                sealed++;
            }
        }
        assertTrue(sealed >= 2, "found " + sealed + " sealed values (signing keys, endpoint tokens) in the state database;"
                + " the test no longer knows where secrets are kept at rest");
    }

    @Test
    @Order(3)
    void noSecretAppearsInAnyNodeLog() throws IOException {
        List<Path> logs = AuthNode.trackedLogs();
        assertTrue(logs.contains(node.logFile()), "the shared node's log is scanned");
        for (Path log : logs) assertTrue(Files.size(log) > 0, log + " is empty");
        assertTrue(Secrets.count() > 20, "only " + Secrets.count() + " secrets registered");
        // the scanner finds what is there
        Path probe = Files.createTempFile("pyql-secrets-probe", ".log");
        try {
            String planted = Secrets.password();
            Files.writeString(probe, "a line\nsomething " + planted + " something\n");
            List<Secrets.Finding> f = Secrets.scan(List.of(probe));
            assertEquals(1, f.size(), "the scanner's self-check: " + f);
            assertEquals(2, f.get(0).line());
        } finally {
            Files.deleteIfExists(probe);
        }
        List<Secrets.Finding> found = Secrets.scan(logs);
        assertTrue(found.isEmpty(), found.size() + " secrets in node logs (of " + Secrets.count() + " known):\n  "
                + String.join("\n  ", found.stream().limit(30).map(Secrets.Finding::toString).toList()));
    }

    // ------------------------------------------------------------------ sealed values in the state DB

    /** Every text value of every table that is sealed ({@code sealed:v1:...}). */
    private static List<String> sealedValues(Path db) throws SQLException {
        List<String> out = new ArrayList<>();
        assertTrue(Files.exists(db), db + " exists");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db + "?open_mode=1");
             Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select name from sqlite_master where type = 'table'")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("select * from \"" + t.replace("\"", "\"\"") + "\"")) {
                    int cols = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= cols; i++) {
                            Object v = rs.getObject(i);
                            if (v instanceof String str) collectSealed(str, out);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** A value may be sealed itself or hold sealed values (e.g. a JSON document). */
    private static void collectSealed(String value, List<String> out) {
        int i = value.indexOf(SEALED);
        while (i >= 0) {
            int end = i + SEALED.length();
            while (end < value.length() && "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=".indexOf(value.charAt(end)) >= 0) end++;
            out.add(value.substring(i, end));
            i = value.indexOf(SEALED, end);
        }
    }

    private static String open(String sealed, byte[] key) throws Exception {
        byte[] all = Base64.getDecoder().decode(sealed.substring(SEALED.length()));
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, all, 0, 12));
        ByteBuffer plain = ByteBuffer.wrap(c.doFinal(all, 12, all.length - 12));
        return StandardCharsets.UTF_8.decode(plain).toString();
    }

    /** The opened value, and if it is JSON every long string in it (e.g. each signing key's secret). */
    private static void registerOpened(String plain) {
        Secrets.add("sealed value", plain);
        try {
            JsonNode n = Json.parse(plain);
            if (n.isContainerNode()) registerStrings(n);
        } catch (IllegalArgumentException notJson) {
            // a sealed scalar, e.g. an endpoint token
        }
    }

    private static void registerStrings(JsonNode n) {
        if (n.isTextual() && n.textValue().length() >= 16 && !looksLikeId(n.textValue())) {
            Secrets.add("secret sealed at rest", n.textValue());
        }
        for (JsonNode child : n) registerStrings(child);
    }

    /** UUIDs (key ids) are logged legitimately. */
    private static boolean looksLikeId(String s) {
        return s.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }
}
