package org.pyql.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pyql.auth.Caller;
import org.pyql.auth.TokenType;
import org.pyql.error.ConflictException;
import org.pyql.error.ForbiddenException;
import org.pyql.error.NotFoundException;
import org.pyql.state.ClusterEntity;

class ClusterAccessTest {
    private static final Caller ALICE = new Caller("a", "alice", false, TokenType.USER, true);
    private static final Caller BOB = new Caller("b", "bob", false, TokenType.USER, true);
    private static final Caller CAROL = new Caller("c", "carol", false, TokenType.USER, true);
    private static final Caller ADMIN = new Caller("root", "admin", true, TokenType.USER, true);
    private static final Caller SERVICE = new Caller("root", "admin", true, TokenType.SERVICE, false);

    private static ClusterEntity cluster(String owner, String name, Map<String, String> shares) {
        return new ClusterEntity("c:" + owner + ":" + name, name, owner, ClusterAccess.sharesJson(shares), 0);
    }

    @Test
    void ownerSharesAndAdminsSeeAClusterNobodyElseDoes() {
        ClusterEntity data = cluster("a", "data", Map.of("b", "read"));
        assertEquals(Access.OWNER, ClusterAccess.of(ALICE, data));
        assertEquals(Access.READ, ClusterAccess.of(BOB, data));
        assertNull(ClusterAccess.of(CAROL, data));
        assertEquals(Access.OWNER, ClusterAccess.of(ADMIN, data));
        assertNull(ClusterAccess.of(SERVICE, data), "a service token is not a person");
    }

    @Test
    void aReadShareCannotWriteAndAStrangerGetsNotFound() {
        ClusterEntity data = cluster("a", "data", Map.of("b", "read", "c", "write"));
        ClusterAccess.require(BOB, data, Access.READ);
        assertThrows(ForbiddenException.class, () -> ClusterAccess.require(BOB, data, Access.WRITE));
        ClusterAccess.require(CAROL, data, Access.WRITE);
        assertThrows(ForbiddenException.class, () -> ClusterAccess.require(CAROL, data, Access.OWNER));
        ClusterEntity other = cluster("a", "secret", Map.of());
        assertThrows(NotFoundException.class, () -> ClusterAccess.require(BOB, other, Access.READ));
    }

    @Test
    void namesResolveInTheCallersViewWithOwnClustersFirst() {
        ClusterEntity alices = cluster("a", "data", Map.of("c", "read"));
        ClusterEntity bobs = cluster("b", "data", Map.of("c", "read"));
        ClusterEntity carols = cluster("c", "data", Map.of());
        List<ClusterEntity> all = List.of(alices, bobs, carols);
        assertSame(alices, ClusterAccess.resolve(ALICE, all, "data", null));
        assertSame(carols, ClusterAccess.resolve(CAROL, all, "data", null), "own cluster wins without ?owner");
        assertSame(bobs, ClusterAccess.resolve(CAROL, all, "data", "b"));
        assertThrows(NotFoundException.class, () -> ClusterAccess.resolve(ALICE, all, "data", "b"));
        assertThrows(NotFoundException.class, () -> ClusterAccess.resolve(BOB, all, "nope", null));
        List<ClusterEntity> twoShares = List.of(alices, bobs);
        assertThrows(ConflictException.class, () -> ClusterAccess.resolve(CAROL, twoShares, "data", null));
    }

    @Test
    void onlyReadAndWriteCanBeGranted() {
        assertEquals(Access.READ, Access.grantable("read"));
        assertEquals(Access.WRITE, Access.grantable("write"));
        assertThrows(org.pyql.error.BadRequestException.class, () -> Access.grantable("owner"));
        assertThrows(org.pyql.error.BadRequestException.class, () -> Access.grantable(null));
    }
}
