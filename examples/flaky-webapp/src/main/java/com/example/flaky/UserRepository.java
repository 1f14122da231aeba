package com.example.flaky;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;

/** The users table, in plain JDBC. */
public final class UserRepository {

    private final Database db;

    public UserRepository(Database db) {
        this.db = db;
    }

    public void createTable() throws SQLException {
        db.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS app_users (email text PRIMARY KEY, password_hash text NOT NULL,"
                        + " role text NOT NULL)");
            }
            return null;
        });
    }

    public void put(String email, String password, String role) throws SQLException {
        db.withConnection(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO app_users (email, password_hash, role) "
                    + "VALUES (?, ?, ?) ON CONFLICT (email) DO UPDATE SET password_hash = excluded.password_hash, "
                    + "role = excluded.role")) {
                p.setString(1, email);
                p.setString(2, hash(email, password));
                p.setString(3, role);
                return p.executeUpdate();
            }
        });
    }

    /** The user's role if {@code password} is theirs. */
    public Optional<String> check(String email, String password) throws SQLException {
        return db.withConnection(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT password_hash, role FROM app_users WHERE email = ?")) {
                p.setString(1, email);
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next() && MessageDigest.isEqual(rs.getString(1).getBytes(StandardCharsets.UTF_8),
                            hash(email, password).getBytes(StandardCharsets.UTF_8))) {
                        return Optional.of(rs.getString(2));
                    }
                    return Optional.empty();
                }
            }
        });
    }

    private static String hash(String salt, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
