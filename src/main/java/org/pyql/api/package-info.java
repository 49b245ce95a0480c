/**
 * HTTP: JAX-RS resources (thin: parse, call one service, map the result), the JSON body provider, the one
 * {@link org.pyql.api.ErrorMapper} that turns every failure into {@code {"error", "detail"}}, and the authentication
 * filter binding.
 */
package org.pyql.api;
