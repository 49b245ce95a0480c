package org.pyql.error;

/** 409: a duplicate key, foreign-key or other constraint violation. */
public class ConflictException extends PyqlException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String error) { super(409, error, null); }

    public ConflictException(String error, String detail) { super(409, error, detail); }

    public ConflictException(String error, String detail, Throwable cause) { super(409, error, detail, cause); }
}
