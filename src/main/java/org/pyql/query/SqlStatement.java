package org.pyql.query;

import java.util.List;

/** Rendered SQL with its bind values in order (Long, Double, Boolean, String, byte[], BigDecimal or null). */
public record SqlStatement(String sql, List<Object> binds) {
    public SqlStatement {
        binds = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(binds));
    }
}
