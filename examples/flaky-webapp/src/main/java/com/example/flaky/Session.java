package com.example.flaky;

/**
 * A logged-in session.
 *
 * @param emergency whether this is the emergency-admin session handed out without checking the database
 */
public record Session(String email, String role, boolean emergency) {

    static Session emergencyAdmin(String email) {
        return new Session(email, "admin", true);
    }
}
