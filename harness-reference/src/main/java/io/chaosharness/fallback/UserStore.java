package io.chaosharness.fallback;

import io.chaosharness.pool.ReferencePool;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Optional;

/**
 * A small users table ({@value #TABLE}) with hashed passwords, accessed through {@link ReferencePool#withRetry}.
 */
public final class UserStore {

    /** The table's name. */
    public static final String TABLE = "harness_users";

    /** One stored user. */
    public record User(String email, String passwordHash, String role) {
        @Override
        public String toString() {
            return "User[email=" + FallbackAuthenticator.maskPrincipal(email) + ", role=" + role + ", passwordHash=****]";
        }
    }

    private final ReferencePool pool;
    private final PasswordHasher hasher;

    public UserStore(ReferencePool pool, PasswordHasher hasher) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
    }

    /** Creates the table if it does not exist (idempotent). */
    public void createSchemaIfAbsent() throws SQLException {
        pool.withRetry("users-create-schema", true, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                        + "id bigserial PRIMARY KEY, "
                        + "email text NOT NULL UNIQUE, "
                        + "password_hash text NOT NULL, "
                        + "role text NOT NULL DEFAULT 'user', "
                        + "created_at timestamptz NOT NULL DEFAULT now())");
            }
            return null;
        });
    }

    /** Adds or replaces a user (an upsert by email, so it is idempotent and safe to retry). */
    public void putUser(String email, CharSequence password, String role) throws SQLException {
        String normalised = FallbackAuthenticator.normalise(email);
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("role must not be blank, but was '" + role + "'");
        }
        String hash = hasher.hash(password);
        pool.withRetry("users-put", true, c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + TABLE + " (email, password_hash, role) "
                    + "VALUES (?, ?, ?) ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash, "
                    + "role = EXCLUDED.role")) {
                p.setString(1, normalised);
                p.setString(2, hash);
                p.setString(3, role);
                p.executeUpdate();
            }
            return null;
        });
    }

    /** Looks a user up by email (one retried, idempotent read). */
    public Optional<User> find(String email) throws SQLException {
        String normalised = FallbackAuthenticator.normalise(email);
        return pool.withRetry("authenticate", true, c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT email, password_hash, role FROM " + TABLE + " WHERE email = ?")) {
                p.setString(1, normalised);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(new User(rs.getString(1), rs.getString(2), rs.getString(3)))
                            : Optional.<User>empty();
                }
            }
        });
    }
}
