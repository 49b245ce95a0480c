package org.pyql.query;

import java.util.List;

/** A rendered select: the statement, and one {@link OutputColumn} per column of its result set, in order. */
public record SelectPlan(SqlStatement statement, List<OutputColumn> output) {
    public SelectPlan {
        output = List.copyOf(output);
    }
}
