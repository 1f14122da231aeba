package com.example.flaky;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Logs users in against the users table. When the database fails, the web app of the seed plan fell back to an
 * "emergency admin" session so that staff could still get in. Before the fix that happened on the first database
 * error, so every brief network interruption handed out admin sessions; with the fix the lookup is retried and the
 * fallback engages only when the availability check says the database is really down.
 */
public final class LoginService {

    private final UserRepository users;
    private final AvailabilityCheck availability;

    /** @param availability the check that must confirm an outage before the fallback, or {@code null} (before the fix) */
    LoginService(UserRepository users, AvailabilityCheck availability) {
        this.users = users;
        this.availability = availability;
    }

    /** The session, or empty when the credentials are wrong. */
    public Optional<Session> login(String email, String password) throws SQLException, InterruptedException {
        try {
            return users.check(email, password).map(role -> new Session(email, role, false));
        } catch (SQLException e) {
            if (availability == null || !availability.isDatabaseAvailable()) {
                return Optional.of(Session.emergencyAdmin(email));
            }
            throw e;
        }
    }
}
