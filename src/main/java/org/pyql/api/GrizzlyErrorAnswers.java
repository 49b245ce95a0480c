package org.pyql.api;

import java.io.IOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Processor;
import org.glassfish.grizzly.Transport;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.memory.Buffers;

/**
 * Payara only: two Grizzly filters put into each HTTP listener's filter chain, so that what the container would answer
 * itself, before any servlet filter runs, is the JSON error shape too (a servlet filter never sees these requests):
 * <ul>
 * <li>{@link TargetGuard}, after the HTTP codec: a request whose path {@link RequestTargetCheck} refuses (malformed
 * percent-escape, NUL, backslash, bytes that are not ASCII, escapes that are not UTF-8) is routed to
 * {@link ContainerErrorServlet}, which answers a JSON 400, instead of reaching Payara's decoder (an empty 200 and a
 * 30-line SEVERE stack trace for {@code %zz}, an empty 400 for the others);</li>
 * <li>{@link AnswerRewriter}, below the codec: an empty error answer the codec or the container wrote itself (bad
 * header bytes, Content-Length, chunks, no Host, oversized request line or headers, HTTP version) gets a JSON body
 * ({@link ContainerAnswers}) and is logged in one line.</li>
 * </ul>
 * A third one, {@link StoppingAnswer}, answers every request 503 once the node is stopping.
 * Payara exposes no setting for either, so the chains are found through its service locator (by reflection: the
 * classes are Payara's internals, not an API) when the application starts; if that fails, the node still runs, with
 * the container's empty answers, and says so in one WARNING line.
 */
final class GrizzlyErrorAnswers {
    private static final Logger LOG = Logger.getLogger(GrizzlyErrorAnswers.class.getName());
    /** The route {@link TargetGuard} sends refused requests to; its last segment is a {@link RequestTargetCheck.Problem} code. */
    static final String REFUSED_TARGET_ROUTE = "/pyql-container-error/invalid-target/";

    private GrizzlyErrorAnswers() {
    }

    /**
     * Puts the filters (these two and {@link StoppingAnswer}) into every HTTP filter chain of the running Payara that
     * does not have them yet; how many chains got them (0 also when the HTTP listener is not started yet).
     */
    static int install() {
        int installed = 0;
        try {
            for (FilterChain chain : listenerChains()) {
                if (install(chain)) installed++;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not reach Payara's HTTP listeners; errors answered before the application"
                    + " keep an empty body: " + e);
        }
        return installed;
    }

    /** Inserts the filters around the HTTP codec of {@code chain} (once); false when it has no codec. */
    static synchronized boolean install(FilterChain chain) {
        int codec = -1;
        for (int i = 0; i < chain.size(); i++) {
            Filter f = chain.get(i);
            if (f instanceof TargetGuard || f instanceof AnswerRewriter || f instanceof StoppingAnswer) return false;
            if (codec < 0 && f instanceof org.glassfish.grizzly.http.HttpServerFilter) codec = i;
        }
        if (codec < 0) return false;
        // at start-up, before the application serves: a request in flight could see the indices shift once
        chain.add(codec + 1, new TargetGuard());
        chain.add(codec, new AnswerRewriter());
        chain.add(codec, new StoppingAnswer());   // below the rewriter: its answer is complete as written
        return true;
    }

    private static List<FilterChain> listenerChains() throws ReflectiveOperationException {
        ClassLoader loader = GrizzlyErrorAnswers.class.getClassLoader();
        Object locator = Class.forName("org.glassfish.internal.api.Globals", true, loader)
                .getMethod("getDefaultHabitat").invoke(null);
        Class<?> serviceType = Class.forName("com.sun.enterprise.v3.services.impl.GrizzlyService", true, loader);
        Object service = locator.getClass().getMethod("getService", Class.class, java.lang.annotation.Annotation[].class)
                .invoke(locator, serviceType, new java.lang.annotation.Annotation[0]);
        if (service == null) throw new IllegalStateException("no GrizzlyService");
        Field proxies = serviceType.getDeclaredField("proxies");
        proxies.setAccessible(true);
        List<FilterChain> chains = new ArrayList<>();
        for (Object proxy : new ArrayList<>((Collection<?>) proxies.get(service))) {
            Object listener = proxy.getClass().getMethod("getUnderlyingListener").invoke(proxy);
            if (listener == null) continue;
            Object transport = listener.getClass().getMethod("getTransport").invoke(listener);
            if (transport instanceof Transport t) {
                Processor<?> p = t.getProcessor();
                if (p instanceof FilterChain chain) chains.add(chain);
            }
        }
        return chains;
    }

    /** Routes a request with a refused path to the JSON error servlet before the container decodes the path. */
    static final class TargetGuard extends BaseFilter {
        @Override
        public NextAction handleRead(FilterChainContext ctx) throws IOException {
            if (ctx.getMessage() instanceof HttpContent content
                    && content.getHttpHeader() instanceof HttpRequestPacket request) {
                try {
                    String path = request.getRequestURI();
                    if (path != null && !path.startsWith(REFUSED_TARGET_ROUTE)) {
                        RequestTargetCheck.Problem problem = RequestTargetCheck.problem(path);
                        if (problem != null) {
                            request.setRequestURI(REFUSED_TARGET_ROUTE + problem.code);
                            request.setQueryString(null);
                        }
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "request path check failed: " + e);
                }
            }
            return ctx.getInvokeAction();
        }
    }

    /** Gives the container's own empty error answers a JSON body, logging each in one line. */
    static final class AnswerRewriter extends BaseFilter {
        @Override
        public NextAction handleWrite(FilterChainContext ctx) throws IOException {
            if (ctx.getMessage() instanceof Buffer buffer && buffer.remaining() <= ContainerAnswers.MAX_HEAD_BYTES
                    && buffer.remaining() > 16 && buffer.get(buffer.position()) == 'H' && isError(buffer.get(buffer.position() + 9))) {
                try {
                    byte[] head = new byte[buffer.remaining()];
                    for (int i = 0; i < head.length; i++) head[i] = buffer.get(buffer.position() + i);
                    byte[] json = ContainerAnswers.rewrite(head);
                    if (json != null) {
                        ctx.setMessage(Buffers.wrap(ctx.getMemoryManager(), json));
                        buffer.tryDispose();
                        String statusLine = new String(head, 0, Math.max(0, indexOfCr(head)), java.nio.charset.StandardCharsets.ISO_8859_1);
                        LOG.info(() -> "HTTP layer refused a request from " + ctx.getConnection().getPeerAddress()
                                + " before the application: " + statusLine.substring(Math.min(9, statusLine.length())));
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "container answer rewrite failed: " + e);
                }
            }
            return ctx.getInvokeAction();
        }

        /** The first digit of the status in "HTTP/1.1 4xx": only 4xx and 5xx answers are copied and looked at. */
        private static boolean isError(byte firstStatusDigit) {
            return firstStatusDigit == '4' || firstStatusDigit == '5';
        }

        private static int indexOfCr(byte[] b) {
            for (int i = 0; i < b.length; i++) if (b[i] == '\r') return i;
            return b.length;
        }
    }
}
