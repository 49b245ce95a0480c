package org.pyql.query;

/**
 * A parsed {@code DEFAULT} literal. The SQL is produced here from the parsed value (strings re-quoted by this code),
 * so nothing of the original mods text reaches the DDL.
 *
 * @param value the number in plain notation, the string without its quotes, or unused (null) for the other kinds
 */
record DefaultValue(Kind kind, String value) {

    enum Kind { NULL, NUMBER, STRING, TRUE, FALSE, CURRENT_TIMESTAMP }

    static final DefaultValue NULL = new DefaultValue(Kind.NULL, null);

    /** The normalised mods form: {@code NULL}, {@code 5}, {@code 'text'}, {@code TRUE}, {@code CURRENT_TIMESTAMP}. */
    String modsText() {
        return switch (kind) {
            case NUMBER -> value;
            case STRING -> "'" + value + "'";
            default -> kind.name();
        };
    }

    /**
     * The literal for a DEFAULT clause. {@code expression} wraps non-NULL defaults in parentheses, which MySQL needs
     * for TEXT and BLOB columns (and for CURRENT_TIMESTAMP outside TIMESTAMP/DATETIME columns).
     */
    String sql(Dialect dialect, ColumnType type, boolean expression) {
        String literal = switch (kind) {
            case NULL -> "NULL";
            case NUMBER -> type == ColumnType.STR ? quoted(dialect, value) : value;
            case STRING -> quoted(dialect, value);
            case TRUE -> "1";
            case FALSE -> "0";
            case CURRENT_TIMESTAMP -> "CURRENT_TIMESTAMP";
        };
        return expression && kind != Kind.NULL ? "(" + literal + ")" : literal;
    }

    /** The parser guarantees no single quote inside; MySQL also treats backslash as an escape character. */
    private static String quoted(Dialect dialect, String text) {
        return "'" + (dialect == Dialect.MYSQL ? text.replace("\\", "\\\\") : text) + "'";
    }
}
