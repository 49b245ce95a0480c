package org.pyql.error;

/**
 * 503: a Hazelcast CP call did not answer in time (majority gone or a slow leader election). The caller may retry; a
 * background task that gets it logs it and tries again on its next run.
 */
public class CpTimeoutException extends UnavailableException {
    private static final long serialVersionUID = 1L;

    public CpTimeoutException(String detail) { super("CP call timed out", detail); }
}
