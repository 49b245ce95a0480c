/**
 * The one error hierarchy of the service. Every failure a caller can see is a {@link org.pyql.error.PyqlException}
 * carrying its HTTP status; {@code api.ErrorMapper} (the one ExceptionMapper) turns it into {@code {"error", "detail", <extras>}}. This package depends on
 * nothing, so even {@code query} may use it.
 */
package org.pyql.error;
