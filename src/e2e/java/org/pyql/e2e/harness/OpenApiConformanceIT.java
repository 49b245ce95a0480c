package org.pyql.e2e.harness;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The checker itself (no node needed): responses in the documented shapes pass, responses that break them do not, and
 * a path is matched to its most literal template, as JAX-RS does.
 */
class OpenApiConformanceIT {
    private static final String JSON = "application/json";

    @Test
    void documentedShapesPassAndBrokenOnesDoNot() {
        assertNull(OpenApiConformance.problem("GET", "/pyql/node", 200, JSON, "{\"uuid\":\"x\",\"role\":\"standalone\"}"));
        assertNotNull(OpenApiConformance.problem("GET", "/pyql/node", 200, JSON, "{\"uuid\":\"x\",\"role\":\"bogus\"}"));
        assertNull(OpenApiConformance.problem("POST", "/cluster/main/table/notes", 200, JSON, "{\"message\":{\"eb\":"
                + "{\"status\":200,\"content\":{\"message\":\"items added\",\"rows\":2}}},\"consistency\":true,\"seq\":2,"
                + "\"out_of_sync\":[]}"));
        assertNull(OpenApiConformance.problem("POST", "/cluster/main/table/notes", 409, JSON,
                "{\"error\":\"duplicate key\",\"detail\":\"x\",\"seq\":5,\"out_of_sync\":[]}"));
        assertNotNull(OpenApiConformance.problem("POST", "/cluster/main/table/notes", 409, JSON, "{\"detail\":\"x\"}"),
                "an error without \"error\"");
        assertNotNull(OpenApiConformance.problem("POST", "/cluster/main/table/notes", 200, "text/html", "<html>"),
                "an undocumented content type");
        assertNotNull(OpenApiConformance.problem("GET", "/cluster/main/table/notes", 204, JSON, ""),
                "an undocumented success status");
        assertNull(OpenApiConformance.problem("GET", "/cluster/pyql/ready", 503, JSON,
                "{\"ready\":false,\"in_quorum\":false,\"health\":\"unhealthy\"}"));
        assertNull(OpenApiConformance.problem("GET", "/metrics", 200, "text/plain; version=0.0.4; charset=utf-8", "x 1\n"));
    }

    @Test
    void quorumStoppingNodeAndConsoleFilesAreDocumented() {
        String doc = "{\"node\":\"n1\",\"ready\":true,\"in_quorum\":true,\"health\":\"healthy\"}";
        assertNull(OpenApiConformance.problem("GET", "/pyql/quorum", 200, JSON, "{\"quorum\":[" + doc + "]}"));
        assertNull(OpenApiConformance.problem("POST", "/pyql/quorum", 200, JSON,
                "{\"message\":\"cluster_quorum_update on node n1 updated successfully\",\"quorum\":" + doc + "}"));
        assertNotNull(OpenApiConformance.problem("POST", "/pyql/quorum", 200, JSON, doc), "the bare document");
        String stopping = "{\"error\":\"node is stopping\",\"detail\":\"x\"}";
        assertNull(OpenApiConformance.problem("GET", "/cluster/pyql/ready", 503, JSON, stopping));
        assertNull(OpenApiConformance.problem("GET", "/pyql/ready", 503, JSON, stopping));
        assertNull(OpenApiConformance.problem("GET", "/console/index.html", 200, "text/html;charset=UTF-8", "<html>"));
        assertNull(OpenApiConformance.problem("GET", "/console/app.js", 200, "text/javascript", "x"));
        assertNull(OpenApiConformance.problem("GET", "/console/api.js", 200, "application/javascript", "x"), "Payara's JS type");
        assertNull(OpenApiConformance.problem("GET", "/console/console.css", 200, "text/css", "x"));
        assertNull(OpenApiConformance.problem("GET", "/console", 302, null, ""));
        assertNotNull(OpenApiConformance.problem("GET", "/console/nope.js", 404, "text/html", "<html>"),
                "a missing console file is a JSON 404");
    }

    @Test
    void unknownRoutesAreOnlyAllowedToFail() {
        assertNull(OpenApiConformance.problem("GET", "/no/such", 404, JSON, "{\"error\":\"not found\",\"detail\":\"x\"}"));
        assertNotNull(OpenApiConformance.problem("GET", "/no/such", 200, JSON, "{}"));
        assertNotNull(OpenApiConformance.problem("PATCH", "/cluster", 200, JSON, "{}"), "an undocumented method");
        assertNull(OpenApiConformance.problem("GET", "/db/main/table/create", 404, JSON,
                "{\"error\":\"table create not found\",\"detail\":\"x\"}"), "the table named create, as routed");
    }

    @Test
    void theMostLiteralTemplateWins() {
        assertNull(OpenApiConformance.problem("GET", "/cluster/jobs/abc", 200, JSON, "{\"id\":\"abc\",\"status\":\"done\"}"));
        assertNull(OpenApiConformance.problem("GET", "/cluster/main/table/notes/7", 200, JSON, "{\"data\":[{\"id\":7}]}"));
        assertNull(OpenApiConformance.problem("GET", "/db/main/table/notes/slash%2Finside", 200, JSON,
                "{\"data\":[{\"id\":\"slash/inside\"}]}"), "an encoded slash is part of one path parameter");
        assertNull(OpenApiConformance.problem("POST", "/cluster/main/table/create", 200, JSON,
                "{\"message\":{},\"consistency\":true,\"seq\":1,\"out_of_sync\":[],\"tables\":[\"t\"]}"));
        assertTrue(OpenApiConformance.problem("POST", "/cluster/main/table/notes/select", 200, JSON, "{\"rows\":[]}")
                .contains("Rows"), "a select is checked as rows, not as a write answer");
    }
}
