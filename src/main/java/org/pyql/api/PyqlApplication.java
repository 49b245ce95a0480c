package org.pyql.api;

import java.util.Set;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Lists every resource and provider explicitly: no classpath scanning at start, the same set on Payara and Tomcat. */
@ApplicationPath("/")
public class PyqlApplication extends Application {
    /** No WADL: OPTIONS and /application.wadl would answer XML, and the API is documented in the README. */
    @Override
    public java.util.Map<String, Object> getProperties() {
        return java.util.Map.of("jersey.config.server.wadl.disableWadl", true);
    }

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(JsonProvider.class, JsonWritableWriter.class, ErrorMapper.class, QuorumGate.class, AuthFilter.class, OptionsResponder.class,
                NodeResource.class, DbResource.class, AuthResource.class, ClusterResource.class,
                QuorumResource.class, ReadinessResource.class, ClusterStateResource.class,
                JobQueueResource.class, ReplicationResource.class, ClusterTableResource.class,
                HealJobResource.class, HealJobByIdResource.class, EndpointEvictionResource.class,
                RouteTemplates.class, MetricsResource.class, OpenApiResource.class);
    }
}
