package org.pyql.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.pyql.error.BadRequestException;

/**
 * Converts between JSON values and JDBC values for a column type, the same way on every path (insert, set, where,
 * results). str columns hold objects and arrays as canonical JSON text (keys sorted) and give them back parsed, as
 * the original did; bool is a bool (NULL stays null); blob travels as base64; numbers keep their type.
 *
 * <p>A str column never changes a string a client sent: a string whose text would read back as JSON (it starts with
 * {@code {} or {@code [} and parses as a whole), or that starts with {@link #TEXT_MARK}, is stored with
 * {@link #TEXT_MARK} in front, and reading removes exactly one mark instead of parsing. So {@code "[1,2]"} comes back
 * as the string {@code "[1,2]"}, the array {@code [1,2]} as an array, and JSON text written by other tools (the
 * original, direct SQL) still comes back parsed.
 *
 * <p>Strings for int, float and bool columns are accepted when they are the exact text of such a value
 * ({@code "12"}, {@code "-3"}, {@code "2.5"}, {@code "true"}/{@code "false"} in any case), because a primary key in a
 * URL is text and the original's clients send numbers as strings; anything else ({@code "7.0"} or {@code " 7"} for an
 * int, {@code "yes"} for a bool) is a 400.
 *
 * <p>Writing is strict (a value that does not fit the column is a 400, never silently truncated or dropped, unlike
 * the original). Reading is lenient: whatever JDBC hands back is rendered as the closest JSON value, because a
 * value already stored must never make a whole select fail.
 */
public final class ValueCodec {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    /**
     * Prefix of a stored str value that is a plain string although it looks like JSON: U+FEFF (zero width no-break
     * space), invisible in tools, one character, and not a character JSON text can start with.
     */
    public static final char TEXT_MARK = '\uFEFF';

    private ValueCodec() {
    }

    // ---------------------------------------------------------------- JSON -> bind value

    /** JSON to a bind value for a column of this type; 400 naming the column when it does not fit. */
    public static Object toBind(ColumnType type, String columnName, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) return null;
        return switch (type) {
            case INT -> toLong(columnName, value);
            case FLOAT -> toDouble(columnName, value);
            case BOOL -> toBoolean(columnName, value);
            case STR -> toStored(value);
            case BLOB -> toBytes(columnName, value);
        };
    }

    /** The text stored in a str column for a JSON value (see the class comment for the mark). */
    static String toStored(JsonNode v) {
        if (v.isTextual()) {
            String s = v.textValue();
            return needsMark(s) ? TEXT_MARK + s : s;
        }
        return toText(v);
    }

    private static boolean needsMark(String s) {
        if (s.isEmpty()) return false;
        char first = s.charAt(0);
        return first == TEXT_MARK || ((first == '{' || first == '[') && CanonicalJson.parseIfJson(s) != null);
    }

    /** A URL segment (a primary key in the path) to a bind value, with the same rules as a JSON string. */
    public static Object fromText(ColumnType type, String columnName, String text) {
        return toBind(type, columnName, NODES.textNode(text));
    }

    private static Long toLong(String column, JsonNode v) {
        if (v.isIntegralNumber()) {
            if (v.canConvertToLong()) return v.longValue();
            throw invalid(column, ColumnType.INT, v, "the number is out of range");
        }
        if (v.isNumber()) {
            // 5.0 is an integer written as a float; 6001.9 is not and must not be truncated.
            if ((v.isDouble() || v.isFloat()) && !Double.isFinite(v.doubleValue())) {
                throw invalid(column, ColumnType.INT, v, "expected an integer");
            }
            BigDecimal d = v.decimalValue();
            if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
                throw invalid(column, ColumnType.INT, v, "expected an integer, the value has a fraction");
            }
            if (d.compareTo(LONG_MIN) < 0 || d.compareTo(LONG_MAX) > 0) {
                throw invalid(column, ColumnType.INT, v, "the number is out of range");
            }
            return d.longValue();
        }
        if (v.isTextual()) {
            String s = v.textValue();
            if (isIntegerText(s)) {
                try {
                    return Long.parseLong(s);
                } catch (NumberFormatException e) {
                    throw invalid(column, ColumnType.INT, v, "the number is out of range");
                }
            }
        }
        throw invalid(column, ColumnType.INT, v, "expected an integer");
    }

    private static Double toDouble(String column, JsonNode v) {
        double d;
        if (v.isNumber()) {
            d = v.doubleValue();
        } else if (v.isTextual() && isDecimalText(v.textValue())) {
            d = Double.parseDouble(v.textValue());
        } else {
            throw invalid(column, ColumnType.FLOAT, v, "expected a number");
        }
        if (!Double.isFinite(d)) throw invalid(column, ColumnType.FLOAT, v, "the number is out of range");
        return d;
    }

    private static Boolean toBoolean(String column, JsonNode v) {
        if (v.isBoolean()) return v.booleanValue();
        if (v.isNumber()) {
            if (!(v.isDouble() || v.isFloat()) || Double.isFinite(v.doubleValue())) {
                BigDecimal d = v.decimalValue();
                if (d.compareTo(BigDecimal.ZERO) == 0) return Boolean.FALSE;
                if (d.compareTo(BigDecimal.ONE) == 0) return Boolean.TRUE;
            }
        } else if (v.isTextual()) {
            String s = v.textValue();
            if (s.equalsIgnoreCase("true")) return Boolean.TRUE;
            if (s.equalsIgnoreCase("false")) return Boolean.FALSE;
        }
        throw invalid(column, ColumnType.BOOL, v, "expected true, false, 0, 1, \"true\" or \"false\"");
    }

    /** Text as-is; scalars as their JSON text; objects and arrays as canonical JSON. */
    static String toText(JsonNode v) {
        if (v.isTextual()) return v.textValue();
        if (v.isContainerNode()) return CanonicalJson.write(v);
        return v.toString();
    }

    private static byte[] toBytes(String column, JsonNode v) {
        if (v.isTextual()) {
            try {
                return Base64.getDecoder().decode(v.textValue());
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("invalid value for column " + column + " (blob)",
                        "expected base64 text: " + e.getMessage());
            }
        }
        if (v.isBinary()) {
            try {
                return v.binaryValue();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a BinaryNode holds its bytes; this does not happen
            }
        }
        throw invalid(column, ColumnType.BLOB, v, "expected base64 text");
    }

    private static BadRequestException invalid(String column, ColumnType type, JsonNode v, String expected) {
        String shown = v.toString();
        if (shown.length() > 60) shown = shown.substring(0, 57) + "...";
        return new BadRequestException("invalid value for column " + column + " (" + type.pyqlName() + ")",
                expected + ", got " + Bodies.kind(v) + " " + shown);
    }

    /** {@code -?\d+} without a regex (this runs per value). */
    static boolean isIntegerText(String s) {
        int n = s.length();
        int i = n > 0 && s.charAt(0) == '-' ? 1 : 0;
        if (i == n) return false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    /** A plain decimal number: sign, digits with at most one point, optional exponent. No NaN, hex or suffixes. */
    static boolean isDecimalText(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) i++;
        int digits = 0;
        boolean point = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digits == 0) return false;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) i++;
            int expDigits = 0;
            for (; i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) expDigits++;
            if (expDigits == 0) return false;
        }
        return i == n;
    }

    // ---------------------------------------------------------------- JDBC value -> JSON

    /** Streams a value read from JDBC as JSON (the hot read path: no intermediate tree). */
    public static void write(JsonGenerator out, ColumnType type, Object jdbcValue) throws IOException {
        Object v = decode(type, jdbcValue);
        if (v == null) {
            out.writeNull();
        } else if (v instanceof String s) {
            out.writeString(s);
        } else if (v instanceof Long l) {
            out.writeNumber(l);
        } else if (v instanceof Double d) {
            out.writeNumber(d);
        } else if (v instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (v instanceof Float f) {
            out.writeNumber(f);
        } else if (v instanceof BigInteger bi) {
            out.writeNumber(bi);
        } else if (v instanceof BigDecimal bd) {
            out.writeNumber(bd);
        } else {
            CanonicalJson.writeNode(out, (JsonNode) v, false);
        }
    }

    /** A value read from JDBC ({@code ResultSet.getObject}) to JSON. */
    public static JsonNode toJson(ColumnType type, Object jdbcValue) {
        Object v = decode(type, jdbcValue);
        if (v == null) return NODES.nullNode();
        if (v instanceof String s) return NODES.textNode(s);
        if (v instanceof Long l) return NODES.numberNode(l);
        if (v instanceof Double d) return NODES.numberNode(d);
        if (v instanceof Boolean b) return NODES.booleanNode(b);
        if (v instanceof Float f) return NODES.numberNode(f);
        if (v instanceof BigInteger bi) return NODES.numberNode(bi);
        if (v instanceof BigDecimal bd) return NODES.numberNode(bd);
        return (JsonNode) v;
    }

    /**
     * Normalises a JDBC value to what is written: null, String, Long, Double, Float, Boolean, BigInteger, BigDecimal
     * or a parsed JsonNode. Drivers differ (SQLite gives Integer for BOOLEAN, MySQL Boolean for TINYINT(1), BigInteger
     * for unsigned BIGINT), so each type accepts every representation it may meet.
     */
    private static Object decode(ColumnType type, Object v) {
        if (v == null) return null; // NULL is null for every type, never false or 0
        return switch (type) {
            case INT -> decodeInt(v);
            case FLOAT -> decodeFloat(v);
            case BOOL -> decodeBool(v);
            case STR -> decodeStr(v);
            case BLOB -> decodeBlob(v);
        };
    }

    private static Object decodeInt(Object v) {
        if (v instanceof Long || v instanceof BigInteger || v instanceof BigDecimal) return v;
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 0x1p63 ? (Object) (long) d : (Object) d;
        }
        if (v instanceof Number n) return n.longValue();
        if (v instanceof Boolean b) return b ? 1L : 0L;
        String s = text(v);
        if (s != null && isIntegerText(s)) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return new BigInteger(s);
            }
        }
        return s;
    }

    private static Object decodeFloat(Object v) {
        if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) return v;
        // An integral value in a float column still reads as a float, the same on every back end.
        if (v instanceof Number n) return n.doubleValue();
        String s = text(v);
        if (s != null && isDecimalText(s)) return Double.parseDouble(s);
        return s;
    }

    private static Object decodeBool(Object v) {
        if (v instanceof Boolean) return v;
        if (v instanceof BigDecimal bd) return bd.signum() != 0;
        if (v instanceof BigInteger bi) return bi.signum() != 0;
        if (v instanceof Number n) return n.doubleValue() != 0;
        String s = text(v);
        if (s == null) return null;
        if (s.equals("1") || s.equalsIgnoreCase("true")) return Boolean.TRUE;
        if (s.equals("0") || s.equalsIgnoreCase("false")) return Boolean.FALSE;
        return s;
    }

    private static Object decodeStr(Object v) {
        String s = text(v);
        if (s == null) return null;
        if (!s.isEmpty() && s.charAt(0) == TEXT_MARK) return s.substring(1);
        JsonNode parsed = CanonicalJson.parseIfJson(s);
        return parsed != null ? parsed : s;
    }

    private static Object decodeBlob(Object v) {
        byte[] bytes;
        if (v instanceof byte[] b) {
            bytes = b;
        } else if (v instanceof java.sql.Blob blob) {
            try {
                bytes = blob.getBytes(1, (int) blob.length());
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read blob value", e);
            }
        } else {
            String s = text(v);
            if (s == null) return null;
            bytes = s.getBytes(StandardCharsets.UTF_8);
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Text of a value that is not natively typed: strings, bytes holding UTF-8, CLOBs, anything else via toString. */
    private static String text(Object v) {
        if (v instanceof String s) return s;
        if (v instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        if (v instanceof java.sql.Clob clob) {
            try {
                return clob.getSubString(1, (int) clob.length());
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read text value", e);
            }
        }
        return String.valueOf(v);
    }
}
