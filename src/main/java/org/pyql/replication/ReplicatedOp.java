package org.pyql.replication;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One write with its place in the table's order. {@code action} is one of {@link #ACTIONS}; {@code key} is set for
 * the by-key actions only; {@code body} is the PYQL body as the client sent it, after the sequencer resolved its
 * non-deterministic values (omitted integer keys, time defaults), so every replica applies the same thing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplicatedOp(long seq, String action, String key, JsonNode body) {
    public static final String INSERT = "insert";
    public static final String UPDATE = "update";
    public static final String DELETE = "delete";
    public static final String UPDATE_KEY = "update_key";
    public static final String DELETE_KEY = "delete_key";
    /** A table definition (the {@code /db/{db}/table/create} body): schema changes travel in the same order. */
    public static final String CREATE = "create";
    public static final java.util.Set<String> ACTIONS = java.util.Set.of(INSERT, UPDATE, DELETE, UPDATE_KEY, DELETE_KEY,
            CREATE);

    public ReplicatedOp withSeq(long newSeq) {
        return new ReplicatedOp(newSeq, action, key, body);
    }
}
