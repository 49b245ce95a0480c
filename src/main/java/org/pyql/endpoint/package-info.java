/**
 * The data endpoint (pyql-rest compatible): one {@link org.pyql.endpoint.DataStore} per configured database (SQLite
 * file or MySQL/MariaDB, pooled), its schema read from the database itself, reads through
 * {@link org.pyql.endpoint.TableReader}, and every change through the one write path,
 * {@link org.pyql.endpoint.TableWriter} (transactions, error translation; it is where per-table sequence numbers,
 * fencing terms and the replication log will live). Internal tables start with {@code _pyql} and are never served.
 */
package org.pyql.endpoint;
