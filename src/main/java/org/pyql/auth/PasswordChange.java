package org.pyql.auth;

import com.fasterxml.jackson.databind.JsonNode;

import org.pyql.json.JsonFields;

/**
 * {@code {"password": <current>, "new_password": <next>}}, both non-empty strings. The length rule of the new one is
 * checked by {@link UserService#changePassword} only after the current one proved right, so a wrong current password
 * is always the 401 it was. {@link #toString()} never shows either.
 */
public record PasswordChange(String current, String next) {

    public static PasswordChange from(JsonNode body) {
        return new PasswordChange(JsonFields.requiredText(body, "password"), JsonFields.requiredText(body, "new_password"));
    }

    @Override
    public String toString() {
        return "PasswordChange[***]";
    }
}
