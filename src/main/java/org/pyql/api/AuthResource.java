package org.pyql.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.pyql.auth.Caller;
import org.pyql.auth.KeyService;
import org.pyql.auth.PasswordChange;
import org.pyql.auth.Registration;
import org.pyql.auth.SigningKey;
import org.pyql.auth.TokenIssuer;
import org.pyql.auth.UserService;
import org.pyql.error.ForbiddenException;
import org.pyql.error.NotFoundException;
import org.pyql.state.JoinTokenEntity;

/**
 * {@code /auth/...}: tokens (user and local service token on every node; join and cluster service tokens, users and
 * keys on cluster nodes, where users and keys are the cluster's). No route returns a password, hash or key.
 */
@ApplicationScoped
@Path("auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class AuthResource {
    @Inject
    private NodeStartup node;
    @Inject
    private TokenIssuer issuer;
    @Inject
    private UserService users;
    @Inject
    private KeyService keys;

    @GET
    @Path("token/{type}")
    public ObjectNode token(@PathParam("type") String type, @Context ContainerRequestContext request) {
        Caller caller = caller(request);
        return switch (type) {
            case "user" -> JsonProvider.object("token", issuer.user(caller, node.config().userTokenTtlSeconds()));
            case "local" -> JsonProvider.object("PYQL_LOCAL_SERVICE_TOKEN",
                    issuer.service(caller, node.config().serviceTokenTtlSeconds()));
            case "cluster" -> {
                clusterOnly();
                yield JsonProvider.object("PYQL_CLUSTER_SERVICE_TOKEN",
                        issuer.service(caller, node.config().serviceTokenTtlSeconds()));
            }
            case "join" -> {
                clusterOnly();
                TokenIssuer.IssuedJoin j = issuer.join(caller, node.config().joinTokenTtlSeconds());
                yield JsonProvider.object("join", j.token(), "id", j.id(), "expires_at", j.expiresAt());
            }
            default -> throw new NotFoundException("unknown token type " + type, "use user, join, cluster or local");
        };
    }

    @GET
    @Path("tokens/join")
    public ObjectNode joinTokens(@Context ContainerRequestContext request) {
        clusterOnly();
        ObjectNode out = JsonProvider.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("join_tokens");
        for (JoinTokenEntity t : issuer.joinTokens(caller(request))) {
            list.addObject().put("id", t.getId()).put("owner", t.getOwner()).put("expires_at", t.getExpiresAt())
                    .put("revoked", t.isRevoked());
        }
        return out;
    }

    @DELETE
    @Path("token/join/{id}")
    public ObjectNode revokeJoin(@PathParam("id") String id, @Context ContainerRequestContext request) {
        clusterOnly();
        issuer.revokeJoin(caller(request), id);
        return JsonProvider.object("message", "join token revoked", "id", id);
    }

    @POST
    @Path("{kind: user|admin}/register")
    public Response register(@PathParam("kind") String kind, JsonNode body, @Context ContainerRequestContext request) {
        clusterOnly();
        requireAdmin(caller(request));
        var u = users.register(Registration.from(body), "admin".equals(kind));
        return Response.status(201)
                .entity(JsonProvider.object("message", "user created successfully", "id", u.getUid())).build();
    }

    @GET
    @Path("users")
    public ObjectNode listUsers(@Context ContainerRequestContext request) {
        clusterOnly();
        requireAdmin(caller(request));
        ObjectNode out = JsonProvider.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("users");
        users.list().forEach(u -> list.add(JsonProvider.MAPPER.valueToTree(userJson(u))));
        return out;
    }

    @GET
    @Path("users/{username}")
    public ObjectNode getUser(@PathParam("username") String username, @Context ContainerRequestContext request) {
        clusterOnly();
        return userJson(users.get(caller(request), username));
    }

    @DELETE
    @Path("users/{username}")
    public ObjectNode deleteUser(@PathParam("username") String username, @Context ContainerRequestContext request) {
        clusterOnly();
        users.delete(caller(request), username);   // every node's Authenticator forgets the user's logins (UserService)
        return JsonProvider.object("message", "user deleted", "username", username);
    }

    @POST
    @Path("user/password")
    public ObjectNode changePassword(JsonNode body, @Context ContainerRequestContext request) {
        clusterOnly();
        users.changePassword(caller(request), PasswordChange.from(body));
        return JsonProvider.object("message", "password changed");
    }

    @GET
    @Path("keys")
    public ObjectNode listKeys(@Context ContainerRequestContext request) {
        clusterOnly();
        requireAdmin(caller(request));
        ObjectNode out = JsonProvider.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("keys");
        for (SigningKey k : keys.keys()) {
            list.addObject().put("kid", k.kid()).put("created", k.createdAtMillis()).put("retires", k.retiresAtMillis());
        }
        return out;
    }

    @POST
    @Path("keys/rotate")
    public ObjectNode rotate(JsonNode body, @Context ContainerRequestContext request) {
        clusterOnly();
        requireAdmin(caller(request));
        KeyService.Rotation r = keys.rotate(RotationRequest.from(body).overlapSeconds());
        return JsonProvider.object("message", "signing key rotated", "kid", r.kid(), "previous_kid", r.previousKid(),
                "overlap_seconds", r.overlapSeconds());
    }

    private static ObjectNode userJson(UserService.UserView u) {
        ObjectNode o = JsonProvider.object("id", u.id(), "username", u.username());
        o.put("email", u.email());   // null for the bootstrap admin, but always present
        o.put("role", u.role());
        o.put("created_at", u.createdAt());
        return o;
    }

    private void clusterOnly() {
        if (!node.config().role().servesCluster()) {
            throw new NotFoundException("not available on a data endpoint", "users, join tokens and keys live on cluster nodes");
        }
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) throw new ForbiddenException("admin only");
    }

    static Caller caller(ContainerRequestContext request) {
        return (Caller) request.getProperty(AuthFilter.CALLER);
    }
}
