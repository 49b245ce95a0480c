package org.pyql.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PyqlExceptionTest {
    @Test
    void extrasKeepTheirOrderAndSkipNulls() {
        PyqlException e = new ConflictException("taken").with("b", 2).with("a", "x").with("none", null);
        assertEquals(List.of("b", "a"), List.copyOf(e.extras().keySet()));
        assertEquals(2, e.extras().get("b"));
    }

    @Test
    void errorAndDetailAreReserved() {
        PyqlException e = new BadRequestException("bad");
        assertThrows(IllegalArgumentException.class, () -> e.with("error", "x"));
        assertThrows(IllegalArgumentException.class, () -> e.with("detail", "x"));
    }

    @Test
    void notInQuorumCarriesTheQuorumDocumentAsAnExtra() {
        Map<String, Object> doc = Map.of("in_quorum", false);
        NotInQuorumException e = new NotInQuorumException("no CP majority", doc);
        assertEquals(503, e.status());
        assertEquals("not in quorum", e.error());
        assertEquals("no CP majority", e.detail());
        assertEquals(doc, e.extras().get("quorum"));
        assertNull(new NotInQuorumException("x", null).quorum());
    }

    @Test
    void statusesOfTheCoordinationErrors() {
        assertEquals(503, new CpTimeoutException("no answer within 5 ms").status());
        assertInstanceOf(UnavailableException.class, new CpTimeoutException("x"));
        VersionConflictException race = new VersionConflictException("users u1", 3, 4);
        assertEquals(409, race.status());
        assertTrue(race.detail().contains("version 3 (now 4)"), race.detail());
        assertEquals(409, new AlreadyExistsException("users u1 already exists").status());
        assertInstanceOf(ConflictException.class, new AlreadyExistsException("x"));
    }
}
