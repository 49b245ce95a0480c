package org.pyql.error;

/** 401: a missing, wrong or expired credential. */
public class UnauthorizedException extends PyqlException {
    private static final long serialVersionUID = 1L;

    public UnauthorizedException(String error) { super(401, error, null); }

    public UnauthorizedException(String error, String detail) { super(401, error, detail); }

    public UnauthorizedException(String error, String detail, Throwable cause) { super(401, error, detail, cause); }
}
