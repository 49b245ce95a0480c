package org.pyql.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.pyql.api.RequestTargetCheck.Problem;

class RequestTargetCheckTest {
    @Test
    void wellFormedPathsPass() {
        for (String ok : new String[] {"/db/main/table/t/config", "/db/main/table/%C3%A9/config", "/a%2Fb", "/%7e", "/*",
                "/db/main/table/t_1/select", "/%F0%9F%98%80", "/x%20y", "/"}) {
            assertNull(RequestTargetCheck.problem(ok), ok);
        }
        assertNull(RequestTargetCheck.problem(null));
    }

    @Test
    void malformedEscapesAreRefused() {
        for (String bad : new String[] {"/db/main/table/%zz/config", "/a%", "/a%2", "/%/x", "/%g0", "/%0g"}) {
            assertEquals(Problem.BAD_ESCAPE, RequestTargetCheck.problem(bad), bad);
        }
    }

    @Test
    void nulAndBackslashRawOrEncodedAreRefused() {
        assertEquals(Problem.NUL, RequestTargetCheck.problem("/a%00b"));
        assertEquals(Problem.BACKSLASH, RequestTargetCheck.problem("/a%5Cb"));
        assertEquals(Problem.BACKSLASH, RequestTargetCheck.problem("/a%5cb"));
        assertEquals(Problem.BACKSLASH, RequestTargetCheck.problem("/a\\b"));
    }

    @Test
    void bytesThatAreNotPrintableAsciiAreRefused() {
        for (String bad : new String[] {"/\u00e9", "/\u00c3\u00a9", "/a b", "/a\tb", "/\u007f", "/\u0001", "/\ufffd"}) {
            assertEquals(Problem.NOT_ASCII, RequestTargetCheck.problem(bad), bad);
        }
    }

    @Test
    void escapesThatAreNotUtf8AreRefused() {
        for (String bad : new String[] {"/%ff", "/%C0%AF", "/%ED%A0%80", "/%F4%90%80%80", "/%E2%98", "/%80"}) {
            assertEquals(Problem.NOT_UTF8, RequestTargetCheck.problem(bad), bad);
        }
    }

    @Test
    void everyProblemHasACode() {
        for (Problem p : Problem.values()) assertEquals(p, Problem.byCode(p.code));
        assertNull(Problem.byCode("nope"));
    }
}
