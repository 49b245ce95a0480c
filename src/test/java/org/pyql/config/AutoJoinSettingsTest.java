package org.pyql.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AutoJoinSettingsTest {
    private static Map<String, String> k8s() {
        Map<String, String> m = new HashMap<>();
        m.put("PYQL_TYPE", "K8S");
        m.put("PYQL_CLUSTER_SVC", "http://pyql-cluster:8080/");
        m.put("PYQL_CLUSTER_NAME", "data");
        m.put("PYQL_CLUSTER_JOIN_TOKEN", "join.jwt.secret");
        m.put("PYQL_HOST", "10.1.2.3");
        return m;
    }

    @Test
    void standaloneIsTheDefaultAndJoinsNothing() {
        AutoJoinSettings s = AutoJoinSettings.from(Map.of("PYQL_HOST", "h")::get);
        assertFalse(s.enabled());
        assertEquals("h:8080", s.path(8080));
    }

    @Test
    void k8sReadsTheOriginalsVariables() {
        Map<String, String> m = k8s();
        m.put("PYQL_CLUSTER_ACTION", "init");
        m.put("PYQL_CLUSTER_TABLES", "employees, positions");
        m.put("PYQL_NAME", "ep-seed");
        AutoJoinSettings s = AutoJoinSettings.from(m::get);
        assertTrue(s.enabled());
        assertEquals(URI.create("http://pyql-cluster:8080"), s.clusterService());
        assertEquals("data", s.clusterName());
        assertTrue(s.init());
        assertEquals(List.of("employees", "positions"), s.tables());
        assertEquals("ep-seed", s.endpointName());
        assertEquals("10.1.2.3:9000", s.path(9000));
        assertEquals(365L * 24 * 3600, s.endpointTokenTtlSeconds());
    }

    @Test
    void defaultsAreAPlainJoinOfAllTablesNamedByTheHost() {
        AutoJoinSettings s = AutoJoinSettings.from(k8s()::get);
        assertFalse(s.init());
        assertNull(s.tables(), "ALL");
        assertEquals("10.1.2.3", s.endpointName());
    }

    @Test
    void theJoinTokenIsNeverPrinted() {
        assertFalse(AutoJoinSettings.from(k8s()::get).toString().contains("join.jwt.secret"));
    }

    @Test
    void missingOrInvalidSettingsFailAtStart() {
        for (String required : List.of("PYQL_CLUSTER_SVC", "PYQL_CLUSTER_NAME", "PYQL_CLUSTER_JOIN_TOKEN")) {
            Map<String, String> m = k8s();
            m.remove(required);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> AutoJoinSettings.from(m::get));
            assertTrue(e.getMessage().contains(required), e.getMessage());
        }
        Map<String, String> bad = k8s();
        bad.put("PYQL_CLUSTER_ACTION", "seed");
        assertThrows(IllegalStateException.class, () -> AutoJoinSettings.from(bad::get));
        assertThrows(IllegalStateException.class, () -> AutoJoinSettings.from(Map.of("PYQL_TYPE", "docker")::get));
        Map<String, String> url = k8s();
        url.put("PYQL_CLUSTER_SVC", "ftp://x");
        assertThrows(IllegalStateException.class, () -> AutoJoinSettings.from(url::get));
        Map<String, String> tables = k8s();
        tables.put("PYQL_CLUSTER_TABLES", " , ");
        assertThrows(IllegalStateException.class, () -> AutoJoinSettings.from(tables::get));
        Map<String, String> ttl = k8s();
        ttl.put("PYQL_ENDPOINT_TOKEN_TTL", "5");
        assertThrows(IllegalStateException.class, () -> AutoJoinSettings.from(ttl::get));
    }

    @Test
    void aServiceWithoutSchemeIsHttp() {
        Map<String, String> m = k8s();
        m.put("PYQL_CLUSTER_SVC", "pyql-cluster:8080");
        assertEquals(URI.create("http://pyql-cluster:8080"), AutoJoinSettings.from(m::get).clusterService());
    }
}
