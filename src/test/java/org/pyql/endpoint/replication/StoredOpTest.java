package org.pyql.endpoint.replication;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.pyql.replication.OpOutcome;
import org.pyql.replication.ReplicatedOp;

/** A redelivered op is recognised as the logged one, and another op under the same seq is not. */
class StoredOpTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return M.readTree(s.replace('\'', '"'));
    }

    private static ReplicationLog.Stored logged(ReplicatedOp op) {
        return new ReplicationLog.Stored(op.action(), op.key(), OutcomeJson.text(op.body()), new OpOutcome(op.seq(), 200, null));
    }

    @Test
    void theSameOpParsedAgainIsTheSame() throws Exception {
        ReplicatedOp op = new ReplicatedOp(4, "insert", null, json("{'id': 1, 'price': 35.14, 'trans': {'a': [1, null]}}"));
        ReplicatedOp again = new ReplicatedOp(4, "insert", null, json("{'id': 1, 'price': 35.14, 'trans': {'a': [1, null]}}"));
        assertTrue(logged(op).isSameOp(again));
        ReplicatedOp byKey = new ReplicatedOp(5, "delete_key", "7", null);
        assertTrue(logged(byKey).isSameOp(new ReplicatedOp(5, "delete_key", "7", null)));
    }

    @Test
    void anotherActionKeyOrBodyIsAnotherOp() throws Exception {
        ReplicatedOp op = new ReplicatedOp(4, "update_key", "1", json("{'v': 'a'}"));
        assertFalse(logged(op).isSameOp(new ReplicatedOp(4, "update_key", "2", json("{'v': 'a'}"))));
        assertFalse(logged(op).isSameOp(new ReplicatedOp(4, "update_key", "1", json("{'v': 'b'}"))));
        assertFalse(logged(op).isSameOp(new ReplicatedOp(4, "delete_key", "1", null)));
    }
}
