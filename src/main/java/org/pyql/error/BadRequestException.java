package org.pyql.error;

/** 400: a malformed body, unknown column, wrong type or missing value. */
public class BadRequestException extends PyqlException {
    private static final long serialVersionUID = 1L;

    public BadRequestException(String error) { super(400, error, null); }

    public BadRequestException(String error, String detail) { super(400, error, detail); }

    public BadRequestException(String error, String detail, Throwable cause) { super(400, error, detail, cause); }
}
