package org.pyql.logging;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * One JSON object per line: {@code time} (ISO-8601 UTC), {@code level}, {@code logger}, {@code message} (parameters
 * filled in), {@code node} (this node's id once known), {@code request_id} (when logged while serving a request),
 * {@code thread} and, for a record with a throwable, {@code exception} (the stack trace as one string). Jackson does
 * the escaping, so a message with quotes or newlines stays one line.
 */
public final class JsonLineFormatter extends Formatter {
    private static final JsonFactory JSON = new JsonFactory();
    private final Supplier<String> node;

    public JsonLineFormatter(Supplier<String> node) {
        this.node = node;
    }

    /**
     * Puts this formatter on every handler of the root logger (the console handler of payara/logging.properties, or
     * Tomcat's): records logged from then on are JSON lines; the server's own start-up lines before it stay text.
     */
    public static void install(Supplier<String> node) {
        JsonLineFormatter f = new JsonLineFormatter(node);
        for (Handler h : Logger.getLogger("").getHandlers()) h.setFormatter(f);
    }

    @Override
    public String format(LogRecord r) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", Instant.ofEpochMilli(r.getMillis()).toString());
            g.writeStringField("level", r.getLevel().getName());
            g.writeStringField("logger", r.getLoggerName());
            g.writeStringField("message", formatMessage(r));
            String n = node.get();
            if (n != null) g.writeStringField("node", n);
            String id = RequestIds.current();
            if (id != null) g.writeStringField("request_id", id);
            g.writeStringField("thread", Thread.currentThread().getName());
            if (r.getThrown() != null) {
                StringWriter trace = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(trace));
                g.writeStringField("exception", trace.toString());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append('\n').toString();
    }
}
