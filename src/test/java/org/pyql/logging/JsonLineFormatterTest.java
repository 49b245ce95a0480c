package org.pyql.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

class JsonLineFormatterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneObjectPerLineWithNodeAndRequestId() throws Exception {
        LogRecord r = new LogRecord(Level.WARNING, "refused {0}: \"quoted\"\nsecond line");
        r.setParameters(new Object[] {"x"});
        r.setLoggerName("org.pyql.Test");
        r.setThrown(new IllegalStateException("boom"));
        RequestIds.set("req-1");
        String line;
        try {
            line = new JsonLineFormatter(() -> "node-1").format(r);
        } finally {
            RequestIds.clear();
        }
        assertTrue(line.endsWith("\n"));
        assertEquals(1, line.split("\n", -1).length - 1, "one line: " + line);
        JsonNode o = JSON.readTree(line);
        assertEquals("WARNING", o.path("level").asText());
        assertEquals("org.pyql.Test", o.path("logger").asText());
        assertEquals("refused x: \"quoted\"\nsecond line", o.path("message").asText());
        assertEquals("node-1", o.path("node").asText());
        assertEquals("req-1", o.path("request_id").asText());
        assertTrue(o.path("exception").asText().contains("IllegalStateException: boom"));
        assertTrue(o.path("time").asText().endsWith("Z"));
    }

    @Test
    void outsideARequestThereIsNoRequestId() throws Exception {
        JsonNode o = JSON.readTree(new JsonLineFormatter(() -> null).format(new LogRecord(Level.INFO, "start")));
        assertFalse(o.has("request_id"));
        assertFalse(o.has("node"));
    }

    @Test
    void onlySaneRequestIdsAreKept() {
        assertEquals("abc-123_x.y:z", RequestIds.acceptOrCreate("abc-123_x.y:z"));
        for (String bad : new String[] {null, "", "a b", "x\ny", "\"quote", "a".repeat(65), "ü"}) {
            String id = RequestIds.acceptOrCreate(bad);
            assertTrue(id.matches("[0-9a-f-]{36}"), bad + " -> " + id);
        }
    }
}
