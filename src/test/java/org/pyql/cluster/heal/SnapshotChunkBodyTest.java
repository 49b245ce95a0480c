package org.pyql.cluster.heal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

class SnapshotChunkBodyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aDonorChunkBecomesTheTargetsRowsBodyWithTheRowsUntouched() throws Exception {
        String line = "{\"data\":[{\"id\":1,\"name\":\"a \\\"q\\\" é\",\"pad\":null},{\"id\":2,\"name\":\"}\",\"pad\":\"x\"}]}";
        byte[] body = SnapshotCopy.chunkBody(line);
        JsonNode parsed = JSON.readTree(body);
        assertEquals(JSON.readTree(line).path("data"), parsed.path("rows"));
        assertEquals(1, parsed.size());
        assertEquals("{\"rows\":" + line.substring(8), new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void aLineMayStartWithTheGeneratorsRootSeparator() throws Exception {
        byte[] body = SnapshotCopy.chunkBody(" {\"data\":[{\"id\":7}]}");
        assertEquals(JSON.readTree("{\"rows\":[{\"id\":7}]}"), JSON.readTree(body));
    }

    @Test
    void headAndEndLinesAreNotChunks() {
        assertNull(SnapshotCopy.chunkBody("{\"seq\":3,\"term\":1,\"rows\":2,\"config\":{}}"));
        assertNull(SnapshotCopy.chunkBody("{\"end\":true,\"rows\":2}"));
        assertNull(SnapshotCopy.chunkBody("{\"data\":[{\"id\":1}"));   // cut off
    }
}
