package org.pyql.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.pyql.auth.TokenType;

/**
 * The credential scopes a resource method takes, decided per route: {@link AuthFilter} refuses any other scope with
 * 403 before the method runs (Basic counts as {@link TokenType#USER}). Methods without it take user and service
 * credentials, except where {@link AuthFilter} documents a narrower default.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Accepts {
    TokenType[] value();
}
