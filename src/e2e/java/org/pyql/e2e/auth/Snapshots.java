package org.pyql.e2e.auth;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pyql.e2e.harness.Json;
import org.pyql.e2e.harness.PyqlClient;

/**
 * "Nothing changed": named views of the node's state (each a GET that must answer 200), taken before and after a
 * refused request and compared. Arrays are compared as multisets (element order is not part of the contract).
 */
final class Snapshots {
    private final Map<String, Supplier<JsonNode>> views = new LinkedHashMap<>();

    Snapshots view(String name, PyqlClient client, String path) {
        views.put(name, () -> normalise(client.get(path).expect(200).json()));
        return this;
    }

    Snapshots view(String name, Supplier<JsonNode> view) {
        views.put(name, () -> normalise(view.get()));
        return this;
    }

    Map<String, JsonNode> take() {
        Map<String, JsonNode> s = new LinkedHashMap<>();
        views.forEach((k, v) -> s.put(k, v.get()));
        return s;
    }

    /**
     * Runs a request that must answer {@code status} with a JSON error and leave every view exactly as it was.
     */
    PyqlClient.Response refused(int status, Supplier<PyqlClient.Response> request) {
        Map<String, JsonNode> before = take();
        PyqlClient.Response r = request.get();
        String diff = difference(before, take());
        r.expect(status);
        if (diff != null) throw new AssertionError(r.describe() + " changed state:\n  " + diff);
        return r;
    }

    /** Null when equal, else a readable description of which views differ. */
    static String difference(Map<String, JsonNode> before, Map<String, JsonNode> after) {
        List<String> diffs = new ArrayList<>();
        for (String k : before.keySet()) {
            JsonNode b = before.get(k);
            JsonNode a = after.get(k);
            if (!b.equals(a)) diffs.add(k + " changed:\n    before " + cut(Json.write(b)) + "\n    after  " + cut(Json.write(a)));
        }
        return diffs.isEmpty() ? null : String.join("\n  ", diffs);
    }

    private static String cut(String s) {
        return s.length() > 1500 ? s.substring(0, 1500) + "..." : s;
    }

    /** Sorts every array (by the elements' JSON text), recursively. */
    static JsonNode normalise(JsonNode n) {
        if (n.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            for (JsonNode e : n) items.add(normalise(e));
            items.sort((x, y) -> Json.write(x).compareTo(Json.write(y)));
            ArrayNode out = Json.array();
            items.forEach(out::add);
            return out;
        }
        if (n.isObject()) {
            ObjectNode out = Json.object();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), normalise(e.getValue()));
            }
            return out;
        }
        return n;
    }
}
