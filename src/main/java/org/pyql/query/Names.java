package org.pyql.query;

import org.pyql.error.BadRequestException;

/**
 * Table and column names accepted in table definitions: {@code [A-Za-z_][A-Za-z0-9_]{0,63}}, not starting with the
 * reserved {@code _pyql} prefix (case-insensitive, as MySQL and SQLite fold identifier case). Identifiers are quoted
 * anyway; the check keeps names portable between both back ends and out of the internal namespace.
 */
final class Names {
    static final String RESERVED_PREFIX = "_pyql";
    static final int MAX_LENGTH = 64;

    private Names() {
    }

    static boolean isValid(String name) {
        int n = name.length();
        if (n == 0 || n > MAX_LENGTH) return false;
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) return false;
        }
        return !name.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length());
    }

    /** {@code kind} is e.g. "table" or "column"; 400 naming the bad name. */
    static String check(String kind, String name) {
        if (name == null || !isValid(name)) {
            throw new BadRequestException("invalid " + kind + " name " + (name == null ? "null" : "'" + name + "'"),
                    "names match [A-Za-z_][A-Za-z0-9_]{0,63} and must not start with " + RESERVED_PREFIX);
        }
        return name;
    }
}
