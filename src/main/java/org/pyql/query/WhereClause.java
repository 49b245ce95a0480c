package org.pyql.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.pyql.error.BadRequestException;

/**
 * A PYQL where: the dict form {@code {"col": v, "table.col": v}} (AND of equalities, in key order) or the list form
 * {@code [[col, op, value], {...}, ...]} (AND of conditions). Every value is a value, converted with the column's
 * type and bound; a string is never read as a column reference or as SQL, unlike the original.
 */
record WhereClause(List<Condition> conditions) {

    static final WhereClause NONE = new WhereClause(List.of());

    WhereClause {
        conditions = List.copyOf(conditions);
    }

    boolean isEmpty() { return conditions.isEmpty(); }

    /** Absent, {@code {}} and {@code []} give {@link #NONE}; the caller decides whether that is allowed. */
    static WhereClause parse(JsonNode where, QueryScope scope) {
        if (Bodies.isAbsent(where)) return NONE;
        List<Condition> out = new ArrayList<>();
        if (where.isObject()) {
            QueryLimits.check(where.size(), QueryLimits.MAX_WHERE_CONDITIONS, "conditions in a where");
            addEqualities(where, scope, out);
        } else if (where.isArray()) {
            QueryLimits.check(where.size(), QueryLimits.MAX_WHERE_CONDITIONS, "conditions in a where");
            for (JsonNode item : where) {
                if (item.isObject()) {
                    addEqualities(item, scope, out);
                } else if (item.isArray() && item.size() == 3) {
                    out.add(condition(item, scope));
                } else {
                    throw new BadRequestException("invalid where condition " + abbreviate(item),
                            "each condition is [column, operator, value] or {\"column\": value}");
                }
            }
        } else {
            throw new BadRequestException("where must be an object or an array", "got " + Bodies.kind(where));
        }
        // dicts inside a list add conditions of their own: count what will be rendered
        QueryLimits.check(out.size(), QueryLimits.MAX_WHERE_CONDITIONS, "conditions in a where");
        int values = 0;
        for (Condition c : out) values += c instanceof Condition.InList in ? in.values().size() : 1;
        QueryLimits.check(values, QueryLimits.MAX_WHERE_VALUES, "values in a where");
        return new WhereClause(out);
    }

    void render(SqlWriter w) {
        if (conditions.isEmpty()) return;
        w.sql(" WHERE ");
        for (int i = 0; i < conditions.size(); i++) {
            if (i > 0) w.sql(" AND ");
            conditions.get(i).render(w);
        }
    }

    private static void addEqualities(JsonNode dict, QueryScope scope, List<Condition> out) {
        for (Map.Entry<String, JsonNode> e : dict.properties()) {
            ColumnRef col = scope.resolve(e.getKey(), "where");
            Object value = ValueCodec.toBind(col.type(), col.column().name(), e.getValue());
            out.add(value == null ? new Condition.IsNull(col, false) : new Condition.Compare(col, Operator.EQ, value));
        }
    }

    private static Condition condition(JsonNode item, QueryScope scope) {
        JsonNode colNode = item.get(0);
        JsonNode opNode = item.get(1);
        if (!colNode.isTextual() || !opNode.isTextual()) {
            throw new BadRequestException("invalid where condition " + abbreviate(item),
                    "the column and the operator must be strings: [column, operator, value]");
        }
        ColumnRef col = scope.resolve(colNode.textValue(), "where");
        Operator op = Operator.parse(opNode.textValue());
        JsonNode value = item.get(2);
        String name = col.column().name();
        return switch (op) {
            case IN, NOT_IN -> inList(col, op, value);
            case LIKE, NOT_LIKE -> {
                if (value.isNull() || value.isContainerNode()) {
                    throw new BadRequestException("operator " + opNode.textValue() + " on column " + name
                            + " needs a string or number pattern", "got " + Bodies.kind(value));
                }
                yield new Condition.Compare(col, op, likePattern(ValueCodec.toText(value)));
            }
            default -> {
                if (value.isNull()) {
                    if (op == Operator.EQ) yield new Condition.IsNull(col, false);
                    if (op == Operator.NE) yield new Condition.IsNull(col, true);
                    throw new BadRequestException("operator " + opNode.textValue() + " cannot compare column " + name
                            + " with null", "use = or != with null");
                }
                yield new Condition.Compare(col, op, ValueCodec.toBind(col.type(), name, value));
            }
        };
    }

    private static Condition inList(ColumnRef col, Operator op, JsonNode value) {
        String name = col.column().name();
        if (!value.isArray()) {
            throw new BadRequestException("operator " + op.sql().toLowerCase(java.util.Locale.ROOT) + " on column "
                    + name + " needs an array of values", "got " + Bodies.kind(value));
        }
        boolean negated = op == Operator.NOT_IN;
        if (value.isEmpty()) return new Condition.Constant(negated);
        QueryLimits.check(value.size(), QueryLimits.MAX_IN_VALUES, "values in an in list");
        List<Object> values = new ArrayList<>(value.size());
        for (JsonNode v : value) {
            if (v.isNull()) {
                throw new BadRequestException("null in the list of operator " + op.sql().toLowerCase(java.util.Locale.ROOT)
                        + " on column " + name, "null never matches in a list; use [\"" + name + "\", \"=\", null]");
            }
            values.add(ValueCodec.toBind(col.type(), name, v));
        }
        return new Condition.InList(col, negated, values);
    }

    /**
     * {@code *} is the only PYQL wildcard; a pattern without one means "contains", as in the original. SQL's own
     * wildcards {@code %} and {@code _} (and the escape character) match themselves: they are escaped with
     * {@link Condition#LIKE_ESCAPE}, which the condition renders as the {@code ESCAPE} character.
     */
    static String likePattern(String text) {
        StringBuilder p = new StringBuilder(text.length() + 8);
        boolean wildcard = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*') {
                p.append('%');
                wildcard = true;
            } else {
                if (c == '%' || c == '_' || c == Condition.LIKE_ESCAPE) p.append(Condition.LIKE_ESCAPE);
                p.append(c);
            }
        }
        return wildcard ? p.toString() : "%" + p + "%";
    }

    private static String abbreviate(JsonNode node) {
        String s = node.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
