package org.pyql.error;

/**
 * 409: a create whose id is taken by a live row. Distinct from {@link VersionConflictException} (a lost race), so a
 * caller that wants to say "user x already registered" catches exactly this one and lets every other conflict pass.
 */
public class AlreadyExistsException extends ConflictException {
    private static final long serialVersionUID = 1L;

    public AlreadyExistsException(String error) { super(error); }

    public AlreadyExistsException(String error, String detail) { super(error, detail); }
}
