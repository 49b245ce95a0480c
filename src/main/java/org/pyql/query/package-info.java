/**
 * PYQL JSON: the query model (select, where as dict or list of conditions, join, orderby, limit, offset; insert, update,
 * delete bodies; table definitions), its validation against a {@link org.pyql.query.TableSchema}, and rendering to SQL
 * per {@link org.pyql.query.Dialect} with every value as a bind parameter and every identifier checked and quoted.
 * Depends on nothing in the project but {@code org.pyql.error}; it never touches JDBC connections.
 */
package org.pyql.query;
