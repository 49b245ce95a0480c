/**
 * PYQL JSON: the query model (select, where as dict or list of conditions, join, orderby, limit, offset; insert, update,
 * delete bodies; table definitions), its validation against a {@link org.pyql.query.TableSchema}, and rendering to SQL
 * per {@link org.pyql.query.Dialect} with every value as a bind parameter and every identifier checked and quoted.
 * Depends on nothing in the project but {@code org.pyql.error}; it never touches JDBC connections.
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>Entry points</b>: {@link org.pyql.query.QueryCompiler} (bodies to {@link org.pyql.query.SqlStatement} /
 * {@link org.pyql.query.SelectPlan}), {@link org.pyql.query.ValueCodec} (JSON values to bind values and JDBC values
 * back to JSON), {@link org.pyql.query.TableDefinitions} (create-table configs, DDL, config JSON).</li>
 * <li><b>Parse, then render.</b> Each body part is parsed into an immutable, validated value first
 * ({@code JoinPlan}, {@code WhereClause} of {@code Condition}s, {@code OrderBy}, {@code ColumnMods}); rendering only
 * walks those values. Every client mistake is a {@link org.pyql.error.BadRequestException} raised while parsing, so
 * nothing is half-rendered.</li>
 * <li><b>No user text in SQL.</b> {@code SqlWriter} is the only place SQL is assembled: identifiers enter through
 * {@code id()} (already resolved against the schema by {@code QueryScope}, quoted by the dialect), values through
 * {@code bind()} (a {@code ?} plus the value), everything else is fixed text of this package. Operators, LIKE
 * wildcards, ORDER BY directions, DEFAULT literals and foreign key actions are re-generated from parsed enums.</li>
 * <li><b>Deterministic results.</b> Joins are ordered topologically (JSON key order does not matter) and every select
 * on a table with a primary key ends with the primary keys of its tables as tie-breakers, so all replicas return
 * rows in the same order and limit/offset pages are stable.</li>
 * <li><b>Stateless and thread-safe.</b> Nothing mutable is cached; the only statics are immutable Jackson readers and
 * factories.</li>
 * </ul>
 */
package org.pyql.query;
