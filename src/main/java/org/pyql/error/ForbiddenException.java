package org.pyql.error;

/** 403: a valid credential that may not do this. */
public class ForbiddenException extends PyqlException {
    private static final long serialVersionUID = 1L;

    public ForbiddenException(String error) { super(403, error, null); }

    public ForbiddenException(String error, String detail) { super(403, error, detail); }

    public ForbiddenException(String error, String detail, Throwable cause) { super(403, error, detail, cause); }
}
