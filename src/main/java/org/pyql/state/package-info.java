/**
 * The node's local state database (SQLite file {@code state.db} in the data directory) through JPA/Hibernate:
 * entities for what must survive a restart of the node (principals, node settings and keys). Hibernate is bootstrapped
 * by the application, not by the container, so the same code runs on Payara and on Tomcat.
 */
package org.pyql.state;
