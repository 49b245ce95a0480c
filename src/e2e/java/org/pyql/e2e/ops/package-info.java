/**
 * Operability over HTTP: MicroProfile Health, the Prometheus exposition at {@code /metrics} (parsed strictly by
 * {@link org.pyql.e2e.ops.PromText}), the OpenAPI document at {@code /openapi}, request ids and JSON-lines logs, on
 * one all-in-one node.
 */
package org.pyql.e2e.ops;
