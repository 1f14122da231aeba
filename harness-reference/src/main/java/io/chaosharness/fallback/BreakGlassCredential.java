package io.chaosharness.fallback;

import java.util.Locale;
import java.util.Objects;

/**
 * The one credential that may open an emergency admin session while the database is unavailable. Only its hash is
 * held; {@link #toString()} shows neither the hash nor the full email.
 *
 * @param email        the break-glass account's email (normalised to lower case)
 * @param passwordHash a {@link PasswordHasher} hash of its password
 */
public record BreakGlassCredential(String email, String passwordHash) {

    public BreakGlassCredential {
        if (email == null || email.isBlank()) {
            throw new IllegalArgumentException("email must not be blank, but was '" + email + "'");
        }
        Objects.requireNonNull(passwordHash, "passwordHash");
        if (!passwordHash.startsWith("pbkdf2-sha256$")) {
            throw new IllegalArgumentException("passwordHash must be a PasswordHasher hash (pbkdf2-sha256$...), but was "
                    + "a value of " + passwordHash.length() + " characters");
        }
        email = FallbackAuthenticator.normalise(email);
    }

    /** Hashes {@code password} now; the plain password is not kept. */
    public static BreakGlassCredential of(String email, CharSequence password, PasswordHasher hasher) {
        return new BreakGlassCredential(email.toLowerCase(Locale.ROOT), hasher.hash(password));
    }

    @Override
    public String toString() {
        return "BreakGlassCredential{email=" + FallbackAuthenticator.maskPrincipal(email) + ", passwordHash=****}";
    }
}
