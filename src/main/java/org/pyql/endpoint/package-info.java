/**
 * The data endpoint (pyql-rest compatible): one {@link org.pyql.endpoint.DataStore} per configured database (SQLite
 * file or MySQL/MariaDB, pooled), its schema read from the database itself, reads through
 * {@link org.pyql.endpoint.TableReader}, and every change through the one write path,
 * {@link org.pyql.endpoint.TableWriter} (compile, then execute in a transaction; error translation), which the
 * sequenced apply of {@code org.pyql.endpoint.replication} shares. Internal tables start with {@code _pyql} and are
 * never served. {@link org.pyql.endpoint.EndpointReadiness} says whether every database answers.
 */
package org.pyql.endpoint;
