package org.pyql.cluster.write;

import java.util.function.Function;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.cluster.route.TableKey;

/**
 * Gets one validated write applied through the table's leader: locally when this node sequences the table, else
 * forwarded to the recorded leader; when no leader answers (it died and its lock is about to expire), this node
 * tries to become the leader itself, for at most {@link #LEADER_WAIT_MILLIS} (longer than the CP session lifetime, so
 * a dead leader's lock has expired by then).
 */
@ApplicationScoped
public class WriteService {
    private static final Logger LOG = Logger.getLogger(WriteService.class.getName());
    static final long LEADER_WAIT_MILLIS = 20_000;
    static final long SEQUENCER_WAIT_MILLIS = 60_000;

    @Inject
    private Sequencers sequencers;
    @Inject
    private TableLeaders leaders;

    /**
     * @param forwarded the request came from another node: never forward it again
     * @param forward   sends the client's request to a leader URL (the resource knows the HTTP details)
     */
    public WriteOutcome write(TableKey key, WriteOp op, boolean forwarded,
                              Function<String, LeaderForwarder.Answer> forward) {
        long deadline = System.currentTimeMillis() + LEADER_WAIT_MILLIS;
        long pause = 100;
        String lastProblem = "no leader";
        while (true) {
            TableSequencer local = sequencers.of(key);
            if (!local.leading() && !forwarded) {
                String url = leaders.other(key).map(TableLeaders.Leader::url).orElse(null);
                if (url != null) {
                    LeaderForwarder.Answer a = forward.apply(url);
                    if (a.reply().answered() && !a.notLeader()) return passOn(a.reply());
                    if (a.reply().timedOut() && !a.notLeader()) {
                        return WriteOutcome.error(503, "write outcome unknown", "the table leader at " + url
                                + " did not answer in time; retry with the same Idempotency-Key");
                    }
                    lastProblem = "leader " + url + ": " + (a.notLeader() && a.reply().answered()
                            ? "no longer leads the table" : a.reply().toString());
                }
            }
            WriteOutcome o;
            try {
                // bounded: a sequencer stuck behind an unreachable replica must not hold the client forever
                o = local.submit(op).get(SEQUENCER_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                return WriteOutcome.error(503, "write outcome unknown", "the table's sequencer did not answer within "
                        + SEQUENCER_WAIT_MILLIS / 1000 + " s; retry with the same Idempotency-Key");
            } catch (java.util.concurrent.ExecutionException e) {
                return WriteOutcome.error(503, "write outcome unknown", String.valueOf(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return WriteOutcome.error(503, "write outcome unknown", "interrupted");
            }
            if (!o.notLeader()) return o;
            if (forwarded) return o;
            if (System.currentTimeMillis() > deadline) {
                return WriteOutcome.error(503, "no table leader", "table " + key.table() + ": " + lastProblem
                        + "; try again");
            }
            String why = lastProblem;
            LOG.fine(() -> "write to " + key + " waits for a leader: " + why);
            sleep(pause);
            pause = Math.min(pause * 2, 1000);
        }
    }

    private static WriteOutcome passOn(org.pyql.cluster.route.EndpointClient.Reply reply) {
        JsonNode body = reply.json();
        ObjectNode obj = body.isObject() ? (ObjectNode) body : Json.MAPPER.createObjectNode().set("result", body);
        return WriteOutcome.of(reply.status(), obj);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
