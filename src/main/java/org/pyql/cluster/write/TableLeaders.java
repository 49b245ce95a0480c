package org.pyql.cluster.write;

import java.io.IOException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.cluster.route.TableKey;
import org.pyql.coordination.ClusterStateService;
import org.pyql.coordination.DataPlaneCp;
import org.pyql.coordination.StateKind;
import org.pyql.state.NodeEntity;

/**
 * Who sequences a table: a CP register {@code leader.<table>} with the lock holder's node id, HTTP address and term,
 * written by each new leader after it took the table's lock. Other nodes read it to forward writes; it is a hint
 * (the lock and the terms are what make a leader), so a stale entry costs a failed forward, never a wrong write.
 */
@ApplicationScoped
public class TableLeaders {
    @Inject
    private DataPlaneCp cp;
    @Inject
    private ClusterStateService state;

    public record Leader(String node, String url, long term) {
    }

    /**
     * The recorded leader of {@code key} unless it is this node. A record written before the leader's node record
     * carried its HTTP address has no URL: it is looked up by node id then, so such a leader stays reachable.
     */
    public Optional<Leader> other(TableKey key) {
        return cp.read(name(key)).map(TableLeaders::parse).filter(l -> !l.node().equals(cp.nodeId()))
                .map(l -> l.url() != null ? l : new Leader(l.node(), urlOf(l.node()), l.term()));
    }

    private String urlOf(String nodeId) {
        return state.get(StateKind.NODES, nodeId).map(NodeEntity::getHttpAddress).orElse(null);
    }

    public Optional<Leader> recorded(TableKey key) {
        return cp.read(name(key)).map(TableLeaders::parse);
    }

    void publish(TableKey key, long term) {
        String url = urlOf(cp.nodeId());
        String text = new String(Json.bytes(new Leader(cp.nodeId(), url, term)), java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < 20; i++) {
            String old = cp.read(name(key)).orElse(null);
            if (old != null && parse(old).term() > term) return; // a newer leader already wrote itself
            if (cp.compareAndSet(name(key), old, text)) return;
        }
    }

    /**
     * Clears the record if it still names this node (a leaving leader): the next writer finds no leader and takes the
     * lock itself instead of forwarding to a node that is going away. Best effort: a stale record only costs a failed
     * forward.
     */
    void withdraw(TableKey key) {
        try {
            for (int i = 0; i < 5; i++) {
                String old = cp.read(name(key)).orElse(null);
                if (old == null || !parse(old).node().equals(cp.nodeId())) return;
                if (cp.compareAndSet(name(key), old, null)) return;
            }
        } catch (RuntimeException e) {
            // no quorum or the member is going: the lock's release (or the session's end) still frees the table
        }
    }

    public String nodeId() {
        return cp.nodeId();
    }

    private static String name(TableKey key) {
        return "leader." + key.cpName();
    }

    private static Leader parse(String s) {
        try {
            return Json.MAPPER.readValue(s, Leader.class);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
