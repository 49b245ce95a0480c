package org.pyql.error;

/** 413: the request body is larger than the service accepts. */
public class PayloadTooLargeException extends PyqlException {
    private static final long serialVersionUID = 1L;

    public PayloadTooLargeException(String error, String detail) { super(413, error, detail); }
}
