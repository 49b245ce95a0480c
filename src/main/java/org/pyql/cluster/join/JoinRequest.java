package org.pyql.cluster.join;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.pyql.cluster.route.TableSchemas;
import org.pyql.error.BadRequestException;
import org.pyql.query.TableSchema;

/**
 * {@code POST /cluster/{name}/join}: {@code {"name", "path": "host:port", "token", "database": {"name", "uuid"},
 * "tables": [{"<table>": <config>}], "consistency": ["<table>"]}}. {@code consistency} is accepted for compatibility
 * with the original; every table is ordered and acknowledged the same way.
 */
public record JoinRequest(String name, String path, String token, String dbName, String dbUuid,
                          Map<String, TableSchema> tables) {
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]{1,250}:[0-9]{1,5}");
    private static final Pattern UUID_LIKE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern DB_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

    public static JoinRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) throw new BadRequestException("expected a JSON object", "the join request");
        String name = text(body, "name", 255);
        String path = text(body, "path", 255);
        if (!PATH.matcher(path).matches()) throw new BadRequestException("invalid path", "host:port, got " + path);
        String token = text(body, "token", 8192);
        JsonNode db = body.get("database");
        if (db == null || !db.isObject()) throw new BadRequestException("missing field database", "{\"name\", \"uuid\"}");
        String dbName = text(db, "name", 64);
        if (!DB_NAME.matcher(dbName).matches()) throw new BadRequestException("invalid database name", dbName);
        String uuid = text(db, "uuid", 64);
        if (!UUID_LIKE.matcher(uuid).matches()) {
            throw new BadRequestException("invalid database uuid", "1-64 characters of A-Z a-z 0-9 _ -");
        }
        Map<String, TableSchema> tables = new LinkedHashMap<>();
        JsonNode list = body.path("tables");
        if (!list.isMissingNode() && !list.isNull()) {
            if (!list.isArray()) throw new BadRequestException("tables must be a list", "[{\"<table>\": <config>}]");
            for (JsonNode item : list) {
                if (!item.isObject() || item.size() != 1) {
                    throw new BadRequestException("each entry of tables is {\"<table>\": <config>}");
                }
                var e = item.properties().iterator().next();
                tables.put(e.getKey(), TableSchemas.parse(e.getKey(), e.getValue().toString()));
            }
        }
        JsonNode consistency = body.path("consistency");
        if (!consistency.isMissingNode() && !consistency.isNull() && !consistency.isArray()) {
            throw new BadRequestException("consistency must be a list of table names");
        }
        return new JoinRequest(name, path, token, dbName, uuid, tables);
    }

    private static String text(JsonNode body, String field, int max) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw new BadRequestException("missing field " + field, "a non-empty string");
        }
        if (v.textValue().length() > max) throw new BadRequestException("field " + field + " is too long", "at most " + max);
        return v.textValue();
    }

    public List<String> tableNames() {
        return new ArrayList<>(tables.keySet());
    }
}
