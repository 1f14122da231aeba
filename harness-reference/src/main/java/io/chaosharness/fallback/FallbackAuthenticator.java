package io.chaosharness.fallback;

import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.FallbackEvent;
import io.chaosharness.pool.ReferencePool;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication with the seed plan's emergency-admin fallback, made safe:
 * <ol>
 *   <li>The user is looked up through {@code withRetry} and the password verified against its PBKDF2 hash.</li>
 *   <li>Only if that fails <em>and</em> the availability check then says the database is unavailable does the
 *       fallback engage. A failure while the database is judged available is a plain denial.</li>
 *   <li>The fallback grants an emergency admin session only to the configured break-glass credential (held hashed);
 *       everyone else gets {@link AuthResult.UnavailableDenied}. Every engagement is a {@link FallbackEvent} and is
 *       counted.</li>
 * </ol>
 * Unknown users and wrong passwords get the same denial and cost the same hash computation.
 */
public final class FallbackAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(FallbackAuthenticator.class);
    private static final String DENIED = "unknown user or wrong password";

    private final ReferencePool pool;
    private final UserStore users;
    private final PasswordHasher hasher;
    private final BreakGlassCredential breakGlass;
    private final int availabilityRetryCount;
    private final EventRecorder recorder;
    private final String dummyHash;
    private final AtomicLong fallbacks = new AtomicLong();
    private final SecureRandom sessionIds = new SecureRandom();

    /**
     * @param availabilityRetryCount attempts of the availability check before judging the database unavailable
     */
    public FallbackAuthenticator(ReferencePool pool, UserStore users, PasswordHasher hasher,
                                 BreakGlassCredential breakGlass, int availabilityRetryCount) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.users = Objects.requireNonNull(users, "users");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.breakGlass = Objects.requireNonNull(breakGlass, "breakGlass");
        if (availabilityRetryCount < 1 || availabilityRetryCount > 100) {
            throw new IllegalArgumentException("availabilityRetryCount must be between 1 and 100, but was "
                    + availabilityRetryCount);
        }
        this.availabilityRetryCount = availabilityRetryCount;
        this.recorder = pool.recorder();
        this.dummyHash = hasher.hash("not-a-password-" + System.nanoTime());
    }

    /** Authenticates {@code email} / {@code password}; never throws for database trouble. */
    public AuthResult authenticate(String email, CharSequence password) {
        if (email == null || email.isBlank() || password == null) {
            return new AuthResult.Denied("email and password are required");
        }
        String normalised = normalise(email);
        SQLException failure;
        try {
            Optional<UserStore.User> user = users.find(normalised);
            if (user.isEmpty()) {
                hasher.verify(password, dummyHash); // same cost as a wrong password
                return new AuthResult.Denied(DENIED);
            }
            return hasher.verify(password, user.get().passwordHash())
                    ? new AuthResult.Authenticated(user.get().email(), user.get().role())
                    : new AuthResult.Denied(DENIED);
        } catch (SQLException e) {
            failure = e;
        }
        String cause = pool.mask(failure.getClass().getSimpleName() + " " + failure.getSQLState());
        if (pool.isDatabaseAvailable(availabilityRetryCount)) {
            LOG.warn("{} - authentication failed ({}) although the database is available: denied, no fallback",
                    pool.name(), cause);
            return new AuthResult.Denied("authentication failed: " + cause, failure);
        }
        String reason = "database unavailable after " + availabilityRetryCount + " availability attempt(s); last error "
                + cause;
        fallbacks.incrementAndGet();
        boolean emailMatches = normalised.equals(breakGlass.email());
        boolean passwordMatches = hasher.verify(password, breakGlass.passwordHash()); // verified either way: same cost
        boolean granted = emailMatches && passwordMatches;
        String principal = maskPrincipal(normalised);
        recorder.record(at -> new FallbackEvent(at, principal, granted, reason));
        if (granted) {
            LOG.warn("{} - emergency admin session granted to break-glass {}: {}", pool.name(), principal, reason);
            byte[] id = new byte[16];
            sessionIds.nextBytes(id);
            return new AuthResult.EmergencyAdmin(normalised, HexFormat.of().formatHex(id));
        }
        LOG.warn("{} - fallback denied {}: {}", pool.name(), principal, reason);
        return new AuthResult.UnavailableDenied(reason);
    }

    /** Fallbacks engaged so far (granted or not); each one is also a {@link FallbackEvent}. */
    public long fallbacks() {
        return fallbacks.get();
    }

    static String normalise(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    /** {@code alice@example.com} becomes {@code a***@example.com}. */
    public static String maskPrincipal(String email) {
        if (email == null || email.isEmpty()) {
            return email;
        }
        int at = email.indexOf('@');
        String domain = at >= 0 ? email.substring(at) : "";
        return email.charAt(0) + "***" + domain;
    }
}
