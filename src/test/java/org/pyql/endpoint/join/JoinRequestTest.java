package org.pyql.endpoint.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.pyql.query.TableDefinitions;
import org.pyql.query.TableSchema;

class JoinRequestTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static TableSchema table(String name) throws Exception {
        return TableDefinitions.parse(M.readTree(("{'" + name + "': {'columns': [{'name': 'id', 'type': 'int', 'mods': ''},"
                + " {'name': 'name', 'type': 'str', 'mods': ''}], 'primary_key': 'id', 'foreign_keys': null}}")
                .replace('\'', '"'))).get(0);
    }

    @Test
    void anInitJoinOffersItsTablesWithTheirConfigs() throws Exception {
        TableSchema employees = table("employees");
        TableSchema positions = table("positions");
        ObjectNode body = JoinRequest.body("ep-1", "10.0.0.7:8080", "svc.jwt", "company", "uuid-1",
                List.of(employees, positions));
        JsonNode expected = M.createObjectNode()
                .put("name", "ep-1").put("path", "10.0.0.7:8080").put("token", "svc.jwt")
                .set("database", M.createObjectNode().put("name", "company").put("uuid", "uuid-1"));
        ((ObjectNode) expected).putArray("tables")
                .add(M.createObjectNode().set("employees", TableDefinitions.toConfig(employees)))
                .add(M.createObjectNode().set("positions", TableDefinitions.toConfig(positions)));
        ((ObjectNode) expected).putArray("consistency").add("employees").add("positions");
        assertEquals(expected, body);
        assertEquals(List.of("name", "path", "token", "database", "tables", "consistency"),
                iterable(body.fieldNames()), "the original's field order");
    }

    @Test
    void aPlainJoinOffersNothing() {
        ObjectNode body = JoinRequest.body("ep-2", "h:1", "t", "main", "u", List.of());
        assertEquals(0, body.get("tables").size());
        assertEquals(0, body.get("consistency").size());
        assertEquals("main", body.path("database").path("name").asText());
    }

    @Test
    void allOrTheNamedTablesThatExistAreOffered() throws Exception {
        List<TableSchema> all = List.of(table("a"), table("b"), table("c"));
        assertEquals(all, JoinRequest.offered(all, null));
        assertEquals(List.of(all.get(0), all.get(2)), JoinRequest.offered(all, List.of("c", "a", "zz")));
        assertEquals(List.of("zz"), JoinRequest.missing(all, List.of("c", "a", "zz")));
        assertEquals(List.of(), JoinRequest.missing(all, null));
    }

    @Test
    void theLoggedDescriptionHasNoToken() {
        ObjectNode body = JoinRequest.body("ep", "h:1", "secret.token.value", "main", "u", List.of());
        assertFalse(JoinRequest.describe(body).toString().contains("secret"), JoinRequest.describe(body).toString());
    }

    @Test
    void clusterErrorsAreReducedToErrorAndDetail() {
        assertEquals("join token revoked or unknown", AutoJoiner.errorOf("{\"error\": \"join token revoked or unknown\"}"));
        assertEquals("not in quorum: no majority", AutoJoiner.errorOf("{\"error\": \"not in quorum\", \"detail\": \"no majority\"}"));
        assertEquals("(not JSON)", AutoJoiner.errorOf("<html>"));
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
