package org.pyql.error;

/** 409: an optimistic write lost a race; the row changed since the caller read it. Retrying after a fresh read may work. */
public class VersionConflictException extends ConflictException {
    private static final long serialVersionUID = 1L;

    /** {@code found} is the version now stored, or negative when it is unknown (the compare-and-set lost). */
    public VersionConflictException(String what, long expected, long found) {
        super("version conflict", what + " is no longer at version " + expected
                + (found >= 0 ? " (now " + found + ")" : "") + "; read it again");
    }
}
