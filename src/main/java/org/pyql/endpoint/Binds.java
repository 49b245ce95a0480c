package org.pyql.endpoint;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** Sets a rendered statement's bind values, with explicit types so NULLs and booleans behave the same on both back ends. */
final class Binds {
    private Binds() {
    }

    static void apply(PreparedStatement ps, List<Object> binds) throws SQLException {
        apply(ps, binds, 0);
    }

    /** As above, for parameters {@code offset + 1 ...} (one row of a multi-row insert). */
    static void apply(PreparedStatement ps, List<Object> binds, int offset) throws SQLException {
        for (int i = 0; i < binds.size(); i++) {
            Object v = binds.get(i);
            int p = offset + i + 1;
            if (v == null) ps.setNull(p, Types.NULL);
            else if (v instanceof Long l) ps.setLong(p, l);
            else if (v instanceof String s) ps.setString(p, s);
            else if (v instanceof Double d) ps.setDouble(p, d);
            else if (v instanceof Boolean b) ps.setBoolean(p, b);
            else if (v instanceof byte[] bytes) ps.setBytes(p, bytes);
            else if (v instanceof Integer n) ps.setInt(p, n);
            else if (v instanceof java.math.BigDecimal d) ps.setBigDecimal(p, d);
            else ps.setObject(p, v);
        }
    }
}
