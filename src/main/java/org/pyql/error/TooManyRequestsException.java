package org.pyql.error;

/** 429: too many failed attempts from this caller; try again later. */
public class TooManyRequestsException extends PyqlException {
    private static final long serialVersionUID = 1L;

    public TooManyRequestsException(String error, String detail) { super(429, error, detail); }
}
