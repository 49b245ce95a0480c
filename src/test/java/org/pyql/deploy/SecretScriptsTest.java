package org.pyql.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The k8s/ secret scripts hand kubectl Secrets whose data decode to exactly the values given (base64 done right). */
class SecretScriptsTest {
    @TempDir Path dir;

    @Test
    void adminSecretHoldsThePasswordAndAKeyThatSurvivesReRuns() throws Exception {
        SecretScripts scripts = new SecretScripts(dir);
        List<Secret> first = scripts.run("k8s/init_config/create_admin_secret.sh", "aVerySecretAdminPassword");
        assertEquals(1, first.size());
        Secret s = first.get(0);
        assertEquals("pyql-cluster-init-auth", s.getMetadata().getName());
        assertEquals("aVerySecretAdminPassword", ManifestSet.decode(s.getData().get("PYQL_CLUSTER_INIT_ADMIN_PW"), "pw"));
        String kek = ManifestSet.decode(s.getData().get("PYQL_KEY_ENCRYPTION_KEY"), "kek");
        assertEquals(32, Base64.getDecoder().decode(kek).length, "PYQL_KEY_ENCRYPTION_KEY is base64 of 32 bytes");

        // the secret exists now: a re-run (new password) keeps the key, or every sealed value would be lost
        scripts.getAnswers(s.getData().get("PYQL_KEY_ENCRYPTION_KEY"));
        Secret again = scripts.run("k8s/init_config/create_admin_secret.sh", "another-password").get(0);
        assertEquals(s.getData().get("PYQL_KEY_ENCRYPTION_KEY"), again.getData().get("PYQL_KEY_ENCRYPTION_KEY"));
        assertEquals("another-password", ManifestSet.decode(again.getData().get("PYQL_CLUSTER_INIT_ADMIN_PW"), "pw"));

        scripts.getAnswers(null);   // a new cluster gets a new key
        Secret other = scripts.run("k8s/init_config/create_admin_secret.sh", "aVerySecretAdminPassword").get(0);
        assertNotEquals(s.getData().get("PYQL_KEY_ENCRYPTION_KEY"), other.getData().get("PYQL_KEY_ENCRYPTION_KEY"));
    }

    @Test
    void valuesReachTheSecretVerbatim() throws Exception {
        SecretScripts scripts = new SecretScripts(dir);
        String tricky = "pa$$ `w0rd` $(id) \"q\" 'x' ü";
        Secret s = scripts.run("k8s/init_config/create_admin_secret.sh", tricky).get(0);
        assertEquals(tricky, ManifestSet.decode(s.getData().get("PYQL_CLUSTER_INIT_ADMIN_PW"), "pw"));

        String token = "eyJraWQiOiJhIn0.eyJzdWIiOiJ4In0.c2ln";
        Secret join = scripts.run("k8s/join_config/create_secret_join_token.sh", token).get(0);
        assertEquals("pyql-cluster-join-token", join.getMetadata().getName());
        assertEquals(token, ManifestSet.decode(join.getData().get("PYQL_CLUSTER_JOIN_TOKEN"), "token"));
    }
}
