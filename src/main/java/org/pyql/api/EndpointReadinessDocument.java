package org.pyql.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.pyql.endpoint.EndpointReadiness;

/**
 * The readiness answer of a data endpoint, {@code GET /pyql/ready} (and {@code /cluster/pyql/ready} on role
 * endpoint): 200 {@code {"ready": true, "databases": {<name>: {"ready": true}}}} when every database answers, else
 * 503 with the same document plus {@code error} naming the databases that do not (and each one's reason).
 */
final class EndpointReadinessDocument {
    private EndpointReadinessDocument() {
    }

    static Response of(EndpointReadiness readiness) {
        ObjectNode doc = document(readiness);
        boolean up = doc.path("ready").asBoolean(false);
        return Response.status(up ? 200 : 503).type(MediaType.APPLICATION_JSON_TYPE).entity(doc).build();
    }

    static ObjectNode document(EndpointReadiness readiness) {
        Map<String, EndpointReadiness.DatabaseState> states = readiness.check();
        ObjectNode doc = JsonProvider.MAPPER.createObjectNode();
        ObjectNode dbs = JsonProvider.MAPPER.createObjectNode();
        List<String> down = new ArrayList<>();
        states.forEach((name, s) -> {
            ObjectNode o = dbs.putObject(name).put("ready", s.ready());
            if (!s.ready()) {
                o.put("error", s.error());
                down.add(name);
            }
        });
        doc.put("ready", down.isEmpty());
        if (!down.isEmpty()) {
            doc.put("error", "database " + String.join(", ", down) + " not answering");
            doc.put("detail", "every database must answer SELECT 1 within 2 s");
        }
        doc.set("databases", dbs);
        return doc;
    }
}
