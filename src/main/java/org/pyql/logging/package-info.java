/**
 * Log output for machines: the request id of the request a thread serves ({@link org.pyql.logging.RequestIds}) and
 * the JSON-lines formatter ({@link org.pyql.logging.JsonLineFormatter}, {@code PYQL_LOG_FORMAT=json}). A leaf: it knows
 * no project package.
 */
package org.pyql.logging;
