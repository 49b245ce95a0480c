package org.pyql.query;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.pyql.error.BadRequestException;

/**
 * Parses the {@code mods} text of table definitions. The original pasted it into the DDL verbatim (an injection and
 * portability hole); here it is a closed, case-insensitive vocabulary turned into flags, and the DDL is rendered
 * from the flags.
 *
 * <p>Column mods: {@code NOT NULL}, {@code NULL}, {@code UNIQUE}, {@code PRIMARY KEY} (ignored: the
 * {@code primary_key} field decides), {@code AUTO_INCREMENT} / {@code AUTOINCREMENT} / {@code AUTO INCREMENT} (int
 * primary key only), {@code DEFAULT <literal>} with a number, a single-quoted string without quotes inside,
 * {@code TRUE}, {@code FALSE}, {@code CURRENT_TIMESTAMP} or {@code NULL}.
 *
 * <p>Foreign key mods: {@code ON DELETE} and/or {@code ON UPDATE}, each followed by {@code CASCADE},
 * {@code SET NULL}, {@code RESTRICT} or {@code NO ACTION}, in any order.
 */
final class ModsParser {
    static final String COLUMN_VOCABULARY = "NOT NULL, NULL, UNIQUE, PRIMARY KEY, AUTO_INCREMENT (AUTOINCREMENT), "
            + "DEFAULT NULL, DEFAULT <number | 'text' | TRUE | FALSE | CURRENT_TIMESTAMP>";
    static final String FK_VOCABULARY = "ON DELETE <action>, ON UPDATE <action> with action one of "
            + "CASCADE, SET NULL, RESTRICT, NO ACTION";

    private ModsParser() {
    }

    /** A word, or a single-quoted string (quoted, with the quotes removed). */
    private record Token(String text, boolean quoted) {
        String upper() { return quoted ? "" : text.toUpperCase(Locale.ROOT); }
    }

    // ---------------------------------------------------------------- column mods

    static ColumnMods parseColumn(String column, ColumnType type, boolean primaryKey, String mods) {
        if (mods == null || mods.isBlank()) return ColumnMods.NONE;
        List<Token> tokens = tokenize(mods, column);
        boolean notNull = false;
        boolean nullable = false;
        boolean unique = false;
        boolean autoIncrement = false;
        boolean primaryKeyWord = false;
        DefaultValue def = null;
        int i = 0;
        while (i < tokens.size()) {
            Token t = tokens.get(i++);
            switch (t.upper()) {
                case "NOT" -> {
                    expect(tokens, i++, "NULL", column, mods);
                    notNull = once(notNull, "NOT NULL", column);
                }
                case "NULL" -> nullable = once(nullable, "NULL", column);
                case "UNIQUE" -> unique = once(unique, "UNIQUE", column);
                case "PRIMARY" -> {
                    expect(tokens, i++, "KEY", column, mods);
                    primaryKeyWord = once(primaryKeyWord, "PRIMARY KEY", column);
                }
                case "AUTO_INCREMENT", "AUTOINCREMENT" -> autoIncrement = once(autoIncrement, "AUTO_INCREMENT", column);
                case "AUTO" -> {
                    expect(tokens, i++, "INCREMENT", column, mods);
                    autoIncrement = once(autoIncrement, "AUTO_INCREMENT", column);
                }
                case "DEFAULT" -> {
                    if (def != null) throw repeated("DEFAULT", column);
                    if (i >= tokens.size()) throw invalidColumnMods(column, mods, "DEFAULT needs a value");
                    def = defaultValue(tokens.get(i++), column, type, mods);
                }
                default -> throw invalidColumnMods(column, mods,
                        "unexpected " + (t.quoted() ? "'" + t.text() + "'" : t.text()));
            }
        }
        boolean effectivelyNotNull = notNull || primaryKey;
        if (notNull && nullable) throw conflict(column, "NOT NULL and NULL");
        if (nullable && primaryKey) throw conflict(column, "NULL on the primary key");
        if (def != null && def.kind() == DefaultValue.Kind.NULL && effectivelyNotNull) {
            throw conflict(column, "DEFAULT NULL on a NOT NULL column");
        }
        if (autoIncrement) {
            if (!primaryKey || type != ColumnType.INT) {
                throw new BadRequestException("AUTO_INCREMENT is only allowed on an int primary key, not on column "
                        + column, "column " + column + " is " + (primaryKey ? "" : "not the primary key and ")
                        + "of type " + type.pyqlName());
            }
            if (def != null) throw conflict(column, "AUTO_INCREMENT and DEFAULT");
        }
        return new ColumnMods(notNull, nullable, unique, autoIncrement, def);
    }

    private static DefaultValue defaultValue(Token t, String column, ColumnType type, String mods) {
        DefaultValue v;
        if (t.quoted()) {
            v = new DefaultValue(DefaultValue.Kind.STRING, t.text());
        } else {
            String u = t.upper();
            if (u.equals("NULL")) return DefaultValue.NULL; // fits every type
            if (u.equals("TRUE") || u.equals("FALSE") || u.equals("CURRENT_TIMESTAMP")) {
                v = new DefaultValue(DefaultValue.Kind.valueOf(u), null);
            } else if (ValueCodec.isDecimalText(t.text())) {
                BigDecimal number = new BigDecimal(t.text());
                // An int column's default is written as an integer (7.0 -> 7) once it is known to be integral.
                if (type == ColumnType.INT && isLong(number.toPlainString())) number = number.setScale(0);
                v = new DefaultValue(DefaultValue.Kind.NUMBER, number.toPlainString());
            } else {
                throw invalidColumnMods(column, mods, "invalid DEFAULT value " + t.text());
            }
        }
        checkDefaultType(v, column, type);
        return v;
    }

    /** A default the column cannot hold would fail (MySQL) or be stored as-is (SQLite); refuse it up front. */
    private static void checkDefaultType(DefaultValue v, String column, ColumnType type) {
        boolean fits = switch (type) {
            case INT -> v.kind() == DefaultValue.Kind.NUMBER && isLong(v.value());
            case FLOAT -> v.kind() == DefaultValue.Kind.NUMBER;
            case BOOL -> v.kind() == DefaultValue.Kind.TRUE || v.kind() == DefaultValue.Kind.FALSE
                    || (v.kind() == DefaultValue.Kind.NUMBER && (v.value().equals("0") || v.value().equals("1")));
            case STR -> true;
            case BLOB -> false;
        };
        if (!fits) {
            throw new BadRequestException("DEFAULT " + v.modsText() + " does not fit column " + column + " of type "
                    + type.pyqlName(), "int: an integer; float: a number; bool: TRUE, FALSE, 0 or 1; "
                    + "str: 'text', a number or CURRENT_TIMESTAMP; blob: only DEFAULT NULL");
        }
    }

    private static boolean isLong(String plain) {
        try {
            new BigDecimal(plain).longValueExact();
            return true;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- foreign key mods

    /** Normalised foreign key mods, e.g. {@code "ON DELETE CASCADE ON UPDATE SET NULL"}, or "" for none. */
    static String parseForeignKey(String column, String mods) {
        if (mods == null || mods.isBlank()) return "";
        List<Token> tokens = tokenize(mods, column);
        StringBuilder out = new StringBuilder();
        boolean onDelete = false;
        boolean onUpdate = false;
        int i = 0;
        while (i < tokens.size()) {
            if (!tokens.get(i++).upper().equals("ON") || i >= tokens.size()) throw invalidFkMods(column, mods);
            String event = tokens.get(i++).upper();
            if (event.equals("DELETE")) {
                if (onDelete) throw invalidFkMods(column, mods);
                onDelete = true;
            } else if (event.equals("UPDATE")) {
                if (onUpdate) throw invalidFkMods(column, mods);
                onUpdate = true;
            } else {
                throw invalidFkMods(column, mods);
            }
            if (i >= tokens.size()) throw invalidFkMods(column, mods);
            String action = switch (tokens.get(i++).upper()) {
                case "CASCADE" -> "CASCADE";
                case "RESTRICT" -> "RESTRICT";
                case "SET" -> i < tokens.size() && tokens.get(i++).upper().equals("NULL") ? "SET NULL" : null;
                case "NO" -> i < tokens.size() && tokens.get(i++).upper().equals("ACTION") ? "NO ACTION" : null;
                default -> null;
            };
            if (action == null) throw invalidFkMods(column, mods);
            if (out.length() > 0) out.append(' ');
            out.append("ON ").append(event).append(' ').append(action);
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- tokens

    private static List<Token> tokenize(String mods, String column) {
        List<Token> tokens = new ArrayList<>();
        int n = mods.length();
        int i = 0;
        while (i < n) {
            char c = mods.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                int end = mods.indexOf('\'', i + 1);
                // The closing quote must end the token: "'it's'" would otherwise hide a quote inside.
                if (end < 0 || (end + 1 < n && !Character.isWhitespace(mods.charAt(end + 1)))) {
                    throw invalidColumnMods(column, mods, "a quoted DEFAULT must be 'text' without quotes inside");
                }
                tokens.add(new Token(mods.substring(i + 1, end), true));
                i = end + 1;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(mods.charAt(i))) i++;
                tokens.add(new Token(mods.substring(start, i), false));
            }
        }
        return tokens;
    }

    private static void expect(List<Token> tokens, int i, String word, String column, String mods) {
        if (i >= tokens.size() || !tokens.get(i).upper().equals(word)) {
            throw invalidColumnMods(column, mods, "expected " + word);
        }
    }

    private static boolean once(boolean already, String word, String column) {
        if (already) throw repeated(word, column);
        return true;
    }

    private static BadRequestException repeated(String word, String column) {
        return new BadRequestException(word + " is repeated in the mods of column " + column,
                "accepted mods: " + COLUMN_VOCABULARY);
    }

    private static BadRequestException conflict(String column, String what) {
        return new BadRequestException("conflicting mods on column " + column + ": " + what,
                "accepted mods: " + COLUMN_VOCABULARY);
    }

    private static BadRequestException invalidColumnMods(String column, String mods, String why) {
        return new BadRequestException("invalid mods '" + mods + "' on column " + column + ": " + why,
                "accepted mods: " + COLUMN_VOCABULARY);
    }

    private static BadRequestException invalidFkMods(String column, String mods) {
        return new BadRequestException("invalid foreign key mods '" + mods + "' on column " + column,
                "accepted: " + FK_VOCABULARY);
    }
}
