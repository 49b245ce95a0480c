package org.pyql.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of every error a caller sees: an HTTP status, a short {@code error} text, an optional {@code detail} and
 * optional extra fields (e.g. the quorum document of {@link NotInQuorumException}) that the mapper adds to the JSON
 * body next to {@code error} and {@code detail}.
 */
public class PyqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String detail;
    /** Extra body fields in insertion order; values are anything the JSON layer can write (text, numbers, trees). */
    private final transient Map<String, Object> extras = new LinkedHashMap<>();

    public PyqlException(int status, String error, String detail) {
        this(status, error, detail, null);
    }

    public PyqlException(int status, String error, String detail, Throwable cause) {
        super(error, cause);
        this.status = status;
        this.detail = detail;
    }

    public int status() { return status; }

    public String error() { return getMessage(); }

    public String detail() { return detail; }

    /**
     * Adds a field to the error body. {@code error} and {@code detail} are reserved; a {@code null} value adds nothing.
     * Returns this exception, so {@code throw new ConflictException(...).with("id", id)} reads in one line.
     */
    public PyqlException with(String name, Object value) {
        if ("error".equals(name) || "detail".equals(name)) {
            throw new IllegalArgumentException("'" + name + "' is a reserved error field");
        }
        if (value != null) extras.put(name, value);
        return this;
    }

    /** The extra body fields, in the order they were added. */
    public Map<String, Object> extras() {
        return Collections.unmodifiableMap(extras);
    }
}
