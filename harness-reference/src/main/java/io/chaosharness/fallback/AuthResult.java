package io.chaosharness.fallback;

import java.sql.SQLException;

/** What {@link FallbackAuthenticator#authenticate} decided. */
public sealed interface AuthResult {

    /** Whether the caller got a session of any kind. */
    boolean granted();

    /** The database confirmed the user and password. */
    record Authenticated(String email, String role) implements AuthResult {
        @Override
        public boolean granted() {
            return true;
        }
    }

    /**
     * The database answered and the credentials are wrong (or the database failed while it was judged available).
     *
     * @param failure the lookup's failure when the database failed while judged available, else {@code null}
     */
    record Denied(String reason, SQLException failure) implements AuthResult {

        /** A denial of the credentials themselves. */
        public Denied(String reason) {
            this(reason, null);
        }

        @Override
        public boolean granted() {
            return false;
        }

        @Override
        public String toString() {
            return "Denied[reason=" + reason + "]";
        }
    }

    /** The database was judged unavailable and the break-glass credential matched: an emergency admin session. */
    record EmergencyAdmin(String email, String sessionId) implements AuthResult {
        @Override
        public boolean granted() {
            return true;
        }

        @Override
        public String toString() {
            return "EmergencyAdmin[email=" + FallbackAuthenticator.maskPrincipal(email) + ", sessionId=****]";
        }
    }

    /** The database was judged unavailable and the caller is not the break-glass credential: denied. */
    record UnavailableDenied(String reason) implements AuthResult {
        @Override
        public boolean granted() {
            return false;
        }
    }
}
