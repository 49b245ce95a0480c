package org.pyql.endpoint.join;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pyql.query.TableDefinitions;
import org.pyql.query.TableSchema;

/**
 * The body of an endpoint's {@code POST /cluster/{name}/join}, the original pyql-rest shape:
 * {@code {"name", "path": "host:port", "token", "database": {"name", "uuid"}, "tables": [{<t>: <config>}...],
 * "consistency": [<t>...]}}. An {@code init} join (a seed) offers tables; a plain {@code join} (a replica) offers none
 * and receives the cluster's.
 */
final class JoinRequest {
    private JoinRequest() {
    }

    /** The tables an init join offers: all (wanted null) or the wanted ones that exist, in the database's order. */
    static List<TableSchema> offered(List<TableSchema> all, List<String> wanted) {
        if (wanted == null) return List.copyOf(all);
        List<TableSchema> out = new ArrayList<>();
        for (TableSchema t : all) {
            if (wanted.contains(t.name())) out.add(t);
        }
        return out;
    }

    /** The wanted tables the database does not have (to be logged: they are not offered). */
    static List<String> missing(List<TableSchema> all, List<String> wanted) {
        if (wanted == null) return List.of();
        List<String> out = new ArrayList<>(wanted);
        all.forEach(t -> out.remove(t.name()));
        return out;
    }

    /**
     * @param tables the tables to offer (empty for a plain join); each goes out with its config as
     *               {@code /db/{db}/table/{t}/config} reports it, and is listed in {@code consistency}
     */
    static ObjectNode body(String endpointName, String path, String serviceToken, String dbName, String dbUuid,
                           List<TableSchema> tables) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode body = f.objectNode();
        body.put("name", endpointName);
        body.put("path", path);
        body.put("token", serviceToken);
        body.set("database", f.objectNode().put("name", dbName).put("uuid", dbUuid));
        ArrayNode offered = body.putArray("tables");
        ArrayNode consistency = body.putArray("consistency");
        for (TableSchema t : tables) {
            offered.add(f.objectNode().set(t.name(), TableDefinitions.toConfig(t)));
            consistency.add(t.name());
        }
        return body;
    }

    /** For logs: the body without its token. */
    static Map<String, Object> describe(ObjectNode body) {
        List<String> names = new ArrayList<>();
        body.path("consistency").forEach(n -> names.add(n.asText()));
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("name", body.path("name").asText());
        out.put("path", body.path("path").asText());
        out.put("database", body.path("database").path("name").asText());
        out.put("tables", names);
        return out;
    }
}
