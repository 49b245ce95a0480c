package org.pyql.query;

import java.util.Locale;

import org.pyql.error.BadRequestException;

/**
 * The operators of a list-form where condition. The SQL text is fixed here and never taken from the body, so
 * {@code ==} (SQLite only in the original) renders as {@code =} and works on MySQL too.
 */
enum Operator {
    EQ("="), NE("<>"), GT(">"), GE(">="), LT("<"), LE("<="),
    LIKE("LIKE"), NOT_LIKE("NOT LIKE"), IN("IN"), NOT_IN("NOT IN");

    static final String ACCEPTED = "=, ==, <>, !=, >, >=, <, <=, like, not like, in, not in";

    private final String sql;

    Operator(String sql) { this.sql = sql; }

    String sql() { return sql; }

    static Operator parse(String op) {
        Operator parsed = switch (op) {
            case "=", "==" -> EQ;
            case "<>", "!=" -> NE;
            case ">" -> GT;
            case ">=" -> GE;
            case "<" -> LT;
            case "<=" -> LE;
            default -> switch (op.toLowerCase(Locale.ROOT)) {
                case "like" -> LIKE;
                case "not like" -> NOT_LIKE;
                case "in" -> IN;
                case "not in" -> NOT_IN;
                default -> null;
            };
        };
        if (parsed == null) {
            throw new BadRequestException("unknown operator '" + op + "' in where", "use one of: " + ACCEPTED);
        }
        return parsed;
    }
}
