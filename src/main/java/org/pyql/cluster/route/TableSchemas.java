package org.pyql.cluster.route;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pyql.query.TableDefinitions;
import org.pyql.query.TableSchema;
import org.pyql.state.TableEntity;

/**
 * Parsed schemas of cluster tables, cached by the state row's id and version (a table's config only changes with a
 * new version), so validating a request against its table costs no JSON parsing.
 */
public final class TableSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(long version, TableSchema schema) {
    }

    public TableSchema of(TableEntity t) {
        Cached c = cache.get(t.getId());
        if (c != null && c.version() == t.getVersion()) return c.schema();
        TableSchema s = parse(t.getName(), t.getConfig());
        cache.put(t.getId(), new Cached(t.getVersion(), s));
        return s;
    }

    public static TableSchema parse(String name, String config) {
        try {
            ObjectNode def = JSON.createObjectNode();
            def.set(name, JSON.readTree(config));
            return TableDefinitions.parse(def).get(0);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable config of table " + name, e);
        }
    }
}
