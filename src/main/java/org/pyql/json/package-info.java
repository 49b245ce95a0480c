/**
 * Neutral JSON helpers shared by every layer: reading required fields of a request body with one 400
 * ({@link org.pyql.json.JsonFields}) and bodies that stream themselves ({@link org.pyql.json.JsonWritable}). It
 * depends only on Jackson and {@code org.pyql.error}, so {@code query} and the replication wire records may use it.
 */
package org.pyql.json;
