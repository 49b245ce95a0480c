package org.pyql.auth;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.pyql.error.BadRequestException;
import org.pyql.json.JsonFields;

/**
 * A registration request {@code {"username", "email", "password"}}, checked once when it is read: a name of 1-64
 * characters of {@code A-Z a-z 0-9 _ . -}, an address shaped like one (at most 255 characters), a password of at
 * least {@value UserService#MIN_PASSWORD} characters. {@link #toString()} never shows the password.
 */
public record Registration(String username, String email, String password) {
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");

    public Registration {
        if (!USERNAME.matcher(username).matches()) {
            throw new BadRequestException("invalid username", "1-64 characters of A-Z a-z 0-9 _ . -");
        }
        if (!EMAIL.matcher(email).matches() || email.length() > 255) throw new BadRequestException("invalid email");
        UserService.checkPassword(password);
    }

    /** 400 unless {@code body} is an object with the three fields as non-empty strings. */
    public static Registration from(JsonNode body) {
        return new Registration(JsonFields.requiredText(body, "username"), JsonFields.requiredText(body, "email"),
                JsonFields.requiredText(body, "password"));
    }

    @Override
    public String toString() {
        return "Registration[" + username + ", " + email + "]";
    }
}
