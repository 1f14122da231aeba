package io.chaosharness.app;

import io.chaosharness.fallback.UserStore;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;

/**
 * The demo users {@code ./harness app} seeds, so that a person can sign in by hand and the load tests have someone to
 * list: two users and one admin, all with one password chosen by the caller (or {@link #generatePassword()}).
 */
public final class DemoUsers {

    /** One seeded account. */
    public record DemoUser(String email, String role) {
    }

    /** The accounts seeded. */
    public static final List<DemoUser> ACCOUNTS = List.of(
            new DemoUser("alice@example.com", "user"),
            new DemoUser("bob@example.com", "user"),
            new DemoUser("admin@example.com", "admin"));

    private DemoUsers() {
    }

    /** A fresh random password (18 bytes from {@link SecureRandom}, URL-safe Base64) for the caller to print once. */
    public static String generatePassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Creates the users table if absent and upserts {@link #ACCOUNTS} with {@code password}. */
    public static List<DemoUser> seed(UserStore users, CharSequence password) throws SQLException {
        if (password == null || password.length() < 8) {
            throw new IllegalArgumentException("demo password must be at least 8 characters, but was "
                    + (password == null ? "null" : password.length() + " characters"));
        }
        users.createSchemaIfAbsent();
        for (DemoUser u : ACCOUNTS) {
            users.putUser(u.email(), password, u.role());
        }
        return ACCOUNTS;
    }
}
