package org.pyql.query;

import org.pyql.error.BadRequestException;

/**
 * Table and column names accepted in table definitions: {@code [A-Za-z_][A-Za-z0-9_]{0,63}}, not starting with a
 * reserved prefix (case-insensitive, as MySQL and SQLite fold identifier case): {@code _pyql}, where the endpoint keeps
 * its internal tables, and {@code sqlite_}, which SQLite keeps for its own (it refuses to create such a table). Both
 * are refused on every back end, so a definition valid on one is valid on the other. Identifiers are quoted anyway;
 * the check keeps names portable and out of the internal namespaces.
 */
final class Names {
    static final java.util.List<String> RESERVED_PREFIXES = java.util.List.of("_pyql", "sqlite_");
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
        return !isReserved(name);
    }

    /** Whether the name starts with one of {@link #RESERVED_PREFIXES}, in any case. */
    static boolean isReserved(String name) {
        for (String prefix : RESERVED_PREFIXES) {
            if (name.regionMatches(true, 0, prefix, 0, prefix.length())) return true;
        }
        return false;
    }

    /** {@code kind} is e.g. "table" or "column"; 400 naming the bad name. */
    static String check(String kind, String name) {
        if (name == null || !isValid(name)) {
            throw new BadRequestException("invalid " + kind + " name " + (name == null ? "null" : "'" + name + "'"),
                    "names match [A-Za-z_][A-Za-z0-9_]{0,63} and must not start with "
                            + String.join(" or ", RESERVED_PREFIXES) + " (reserved, any case)");
        }
        return name;
    }
}
