package org.pyql.api;

import java.util.Set;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Lists every resource and provider explicitly: no classpath scanning at start, the same set on Payara and Tomcat. */
@ApplicationPath("/")
public class PyqlApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(JsonProvider.class, JsonWritableWriter.class, ErrorMapper.class, AuthFilter.class,
                NodeResource.class, DbResource.class, DbAuthResource.class,
                QuorumResource.class, ReadinessResource.class, NotInQuorumMapper.class);
    }
}
