package org.pyql.error;

/** Base of every error a caller sees: an HTTP status, a short {@code error} text and an optional {@code detail}. */
public class PyqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String detail;

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
}
