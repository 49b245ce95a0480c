package org.pyql.cluster;

import java.util.Locale;

import org.pyql.error.BadRequestException;

/** What a caller may do with a data cluster; each level includes the ones before it. */
public enum Access {
    READ, WRITE, OWNER;

    public boolean allows(Access needed) {
        return compareTo(needed) >= 0;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A level that can be granted by sharing: read or write. */
    public static Access grantable(String value) {
        if ("read".equals(value)) return READ;
        if ("write".equals(value)) return WRITE;
        throw new BadRequestException("invalid access " + value, "use \"read\" or \"write\"");
    }
}
