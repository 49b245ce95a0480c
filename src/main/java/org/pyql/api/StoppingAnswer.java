package org.pyql.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.memory.Buffers;

/**
 * Payara only: from the moment the node starts stopping until its HTTP listener closes, every request is answered
 * {@code 503 {"error": "node is stopping", "detail"}} with {@code Retry-After} and {@code Connection: close} by this
 * Grizzly filter, below the HTTP codec, so neither the application (being undeployed) nor Payara (which answers an
 * empty 503, then its HTML 404/500 pages once the application is gone) answers it. Readiness probes get the same 503,
 * so a stopping node leaves readiness at once.
 *
 * <p>"Stopping" starts with the JVM's shutdown (SIGTERM: a shutdown hook registered at start-up runs beside Payara
 * Micro's own, which undeploys the application and then closes the listener) or with the application's undeployment
 * ({@link HttpLayerSetup#contextDestroyed}). A request whose bytes were all read before keeps running; one whose body
 * is still arriving is cut off with this answer.
 *
 * <p>The filter outlives the application's class loader, which closes on undeployment: everything it touches (the
 * answer's bytes, the completion handler) is created when it is installed, so no class of the application is loaded
 * while it answers.
 */
final class StoppingAnswer extends BaseFilter {
    /** Seconds a client is told to wait: a restarting node serves again after about that long at best. */
    static final int RETRY_AFTER_SECONDS = 5;
    private static volatile boolean stopping;

    private final byte[] answer = answer();
    private final CloseAfterWrite closeAfterWrite = new CloseAfterWrite();

    /** From now on every request read by an HTTP listener with this filter is answered 503. */
    static void stopping() {
        stopping = true;
    }

    static boolean isStopping() {
        return stopping;
    }

    /** A JVM shutdown hook that marks the node stopping (its class is loaded now, not when the JVM exits). */
    static Thread shutdownHook() {
        return new Thread(StoppingAnswer::stopping, "pyql-stopping");
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (!stopping) return ctx.getInvokeAction();
        ctx.write(Buffers.wrap(ctx.getMemoryManager(), answer), closeAfterWrite);
        return ctx.getStopAction();
    }

    private static byte[] answer() {
        byte[] body = ContainerAnswers.json("node is stopping", "this node is shutting down; retry on another node"
                + " or after it has restarted");
        String head = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\nRetry-After: " + RETRY_AFTER_SECONDS + "\r\nConnection: close\r\n\r\n";
        byte[] start = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[start.length + body.length];
        System.arraycopy(start, 0, out, 0, start.length);
        System.arraycopy(body, 0, out, start.length, body.length);
        return out;
    }

    /** Closes the connection once the answer is written: the rest of the request is never read. */
    private static final class CloseAfterWrite extends EmptyCompletionHandler<WriteResult> {
        @Override
        public void completed(WriteResult result) {
            close(result.getConnection());
        }

        @Override
        public void failed(Throwable t) {
            // nothing to answer to any more; the listener closes the connection when it stops
        }

        private static void close(Connection<?> connection) {
            if (connection != null) connection.closeSilently();
        }
    }
}
