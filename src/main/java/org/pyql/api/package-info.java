/**
 * HTTP: JAX-RS resources (thin: parse, call one service, map the result), the JSON body provider with its limits
 * ({@link org.pyql.api.JsonProvider}, {@code BodyLimits}: size, depth, strict UTF-8, no lone surrogates), the
 * servlet filter that enforces HTTP/1.1 framing before any resource runs ({@link org.pyql.api.HttpFramingFilter}),
 * on Payara two Grizzly filters for what the container answers before any servlet runs ({@code GrizzlyErrorAnswers}:
 * undecodable paths via {@link org.pyql.api.RequestTargetCheck}, empty error answers via
 * {@link org.pyql.api.ContainerAnswers}) and a third that answers every request 503 JSON once the node is stopping
 * ({@code StoppingAnswer}; {@link org.pyql.api.HttpLayerSetup} installs them, also into the HTTP listener that
 * {@code payara/post-deploy-commands.asadmin} enables only once the application is deployed),
 * the filter that serves the web console's static files at {@code /console} ({@link org.pyql.api.ConsoleFilter}),
 * the one {@link org.pyql.api.ErrorMapper} that turns every failure into {@code {"error", "detail"}}, and the
 * authentication filter binding.
 */
package org.pyql.api;
