package org.pyql.error;

/** 404: an unknown database, table or route. */
public class NotFoundException extends PyqlException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String error) { super(404, error, null); }

    public NotFoundException(String error, String detail) { super(404, error, detail); }

    public NotFoundException(String error, String detail, Throwable cause) { super(404, error, detail, cause); }
}
