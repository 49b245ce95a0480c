package org.pyql.error;

/** 503: a dependency (database, quorum) that cannot serve now. */
public class UnavailableException extends PyqlException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String error) { super(503, error, null); }

    public UnavailableException(String error, String detail) { super(503, error, detail); }

    public UnavailableException(String error, String detail, Throwable cause) { super(503, error, detail, cause); }
}
