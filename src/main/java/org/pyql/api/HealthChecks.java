package org.pyql.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/**
 * The MicroProfile Health checks Payara Micro serves at {@code /health/ready}, {@code /health/live} and
 * {@code /health/started} (200 UP / 503 DOWN): the same {@link NodeHealth} answers as {@code /cluster/pyql/ready} and
 * {@code /pyql/live}. On Tomcat nothing serves them (the API jar is only there so CDI can load this class); the
 * project's own probe routes stay on both servers.
 */
@ApplicationScoped
public class HealthChecks {
    @Inject
    private NodeHealth health;

    @Produces
    @Readiness
    HealthCheck ready() {
        return () -> {
            NodeHealth.Answer a = health.readiness();
            var b = HealthCheckResponse.named("pyql-ready").status(a.up());
            for (String field : new String[] {"health", "reason", "error"}) {
                String v = a.document().path(field).asText(null);
                if (v != null) b.withData(field, v);
            }
            return b.build();
        };
    }

    @Produces
    @Liveness
    HealthCheck live() {
        return () -> HealthCheckResponse.named("pyql-live").status(health.live()).build();
    }

    @Produces
    @Startup
    HealthCheck started() {
        return () -> HealthCheckResponse.named("pyql-started").status(health.started()).build();
    }
}
