package org.pyql.cluster.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ReplicaSetTest {
    @Test
    void roundTripsThroughItsRegisterTextAndMarksOnlyWhatItIsTold() {
        ReplicaSet s = new ReplicaSet(4, 2, 17, Map.of("b", new ReplicaSet.Member(true, ReplicaSet.LOADED),
                "a", new ReplicaSet.Member(true, ReplicaSet.LOADED), "c", new ReplicaSet.Member(false, ReplicaSet.NEW)));
        assertEquals(s, ReplicaSetStore.parse(ReplicaSetStore.write(s)));
        assertEquals(List.of("a", "b"), s.inSync());
        ReplicaSet next = s.markedOutOfSync(List.of("b"), 20);
        assertEquals(5, next.version());
        assertEquals(20, next.ackedSeq());
        assertEquals(List.of("a"), next.inSync());
        assertEquals(ReplicaSet.LOADED, next.replicas().get("b").state());
    }
}
