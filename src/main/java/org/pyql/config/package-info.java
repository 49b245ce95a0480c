/**
 * Typed configuration of a node, read once at start from system properties and then the environment
 * ({@code PYQL_*} names of the original where they exist). Nothing else reads the environment.
 */
package org.pyql.config;
