package org.pyql.cluster.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import org.pyql.cluster.route.TableSchemas;
import org.pyql.query.TableSchema;
import org.pyql.replication.ReplicatedOp;

class ValueResolverTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static TableSchema schema(String mods2) {
        return TableSchemas.parse("t", "{\"columns\":[{\"name\":\"id\",\"type\":\"int\",\"mods\":\"NOT NULL AUTO_INCREMENT\"},"
                + "{\"name\":\"at\",\"type\":\"str\",\"mods\":\"" + mods2 + "\"},{\"name\":\"n\",\"type\":\"str\",\"mods\":\"\"}],"
                + "\"primary_key\":\"id\",\"foreign_keys\":null}");
    }

    @Test
    void omittedKeysComeFromTheRunningMaximumAskedOnce() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        ValueResolver r = new ValueResolver(schema(""), () -> {
            asked.incrementAndGet();
            return 41;
        });
        ReplicatedOp one = r.resolve(new ReplicatedOp(1, "insert", null, M.readTree("{\"n\":\"a\"}")), 0);
        ReplicatedOp bulk = r.resolve(new ReplicatedOp(2, "insert", null,
                M.readTree("[{\"n\":\"b\"},{\"id\":100,\"n\":\"c\"},{\"n\":\"d\"}]")), 0);
        assertEquals(42, one.body().path("id").asLong());
        assertEquals(43, bulk.body().path(0).path("id").asLong());
        assertEquals(100, bulk.body().path(1).path("id").asLong());
        assertEquals(101, bulk.body().path(2).path("id").asLong());
        assertEquals(1, asked.get());
    }

    @Test
    void theClientBodyIsNotChangedAndOtherActionsPassAsTheyAre() throws Exception {
        ValueResolver r = new ValueResolver(schema(""), () -> 0);
        var body = M.readTree("{\"n\":\"a\"}");
        r.resolve(new ReplicatedOp(1, "insert", null, body), 0);
        assertFalse(body.has("id"));
        ReplicatedOp upd = new ReplicatedOp(2, "update", null, M.readTree("{\"set\":{\"n\":\"x\"},\"where\":{\"id\":1}}"));
        assertTrue(upd == r.resolve(upd, 0));
    }

    @Test
    void currentTimestampDefaultsGetTheLeadersClockOnce() throws Exception {
        ValueResolver r = new ValueResolver(schema("DEFAULT CURRENT_TIMESTAMP"), () -> 0);
        ReplicatedOp op = r.resolve(new ReplicatedOp(1, "insert", null, M.readTree("{\"n\":\"a\"}")), 86_400_000L);
        assertEquals("1970-01-02 00:00:00", op.body().path("at").asText());
        ReplicatedOp given = r.resolve(new ReplicatedOp(2, "insert", null, M.readTree("{\"n\":\"a\",\"at\":\"x\"}")), 0);
        assertEquals("x", given.body().path("at").asText());
    }
}
