/**
 * The Tomcat deployment (WAR built with {@code -Dpyql.tomcat}, Hazelcast embedded): nodes started through
 * {@code scripts/run-tomcat} exactly as a user starts them.
 */
package org.pyql.e2e.tomcat;
