package org.pyql.query;

import org.pyql.error.BadRequestException;

/**
 * Upper bounds on the size of a PYQL body, checked while parsing so that an oversized request is a 400 that says
 * which limit it hit instead of a database error. The numbers stay well inside both back ends: SQLite refuses an
 * expression tree deeper than 1000 (every AND-ed condition adds a level), more than 32766 bound values and more than
 * 2000 columns; MySQL allows 1017 columns per InnoDB table and 65535 placeholders per statement. The README's Errors
 * section lists the same numbers.
 */
public final class QueryLimits {
    /** Columns in one table definition of a create. */
    public static final int MAX_COLUMNS = 256;
    /** Conditions in one where (dict entries and list items together). */
    public static final int MAX_WHERE_CONDITIONS = 256;
    /** Values in one {@code in} / {@code not in} list. */
    public static final int MAX_IN_VALUES = 1000;
    /** Bound values of one where, all conditions and lists together. */
    public static final int MAX_WHERE_VALUES = 10_000;
    /** Keys of one orderby. */
    public static final int MAX_ORDERBY_KEYS = 64;
    /** Tables joined to the base table in one select (SQLite joins at most 64 tables in all). */
    public static final int MAX_JOINED_TABLES = 16;
    /** Columns in one select's result, joins included (SQLite refuses more than 2000, as a 500). */
    public static final int MAX_RESULT_COLUMNS = 1000;

    private QueryLimits() {
    }

    /** 400 when {@code count} exceeds {@code max}; {@code what} names the counted part, e.g. "conditions in a where". */
    static void check(int count, int max, String what) {
        if (count > max) {
            throw new BadRequestException("too many " + what, "at most " + max + " " + what + " are accepted; got " + count);
        }
    }
}
