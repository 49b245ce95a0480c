package org.pyql.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuorumGateTest {
    @Test
    void routesOfClusterStateAreGated() {
        for (String p : new String[] {"auth/users", "auth/user/register", "auth/token/user", "auth/keys", "cluster/demo",
                "cluster/demo/table/t/select", "cluster/jobs/1", "cluster/demo/join", "pyql/state/jobs", "pyql/state"}) {
            assertTrue(QuorumGate.gated(p), p);
        }
    }

    @Test
    void probesQuorumAndLocalDatabasesStayOpen() {
        for (String p : new String[] {"pyql/live", "pyql/ready", "pyql/node", "cluster/pyql/ready", "pyql/quorum",
                "pyql/quorum/check", "db/main/tables", "db/main/replication/t", "authx", "clusterx/y"}) {
            assertFalse(QuorumGate.gated(p), p);
        }
    }
}
