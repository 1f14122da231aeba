package io.chaosharness.sut;

/** What {@link SystemUnderTest#login} decided, as far as the harness needs to judge it. */
public enum LoginResult {
    /** The system checked the credentials against its database and let the user in. */
    GRANTED,
    /** The system checked the credentials against its database and refused them. */
    REFUSED,
    /**
     * The system did not get an answer from its database and took its fallback path instead, e.g. it let the user in
     * with an emergency session (a session object's {@code emergency()} flag, an "emergency admin" role). The seed
     * plan's "zero emergency-admin fallbacks" counts it as a granted emergency session, unless the system records its
     * own {@link io.chaosharness.core.event.FallbackEvent}s saying whether it granted one (the reference design does).
     * A login that failed without a fallback throws instead.
     */
    FALLBACK;

    /** Whether this is the fallback path. */
    public boolean isFallback() {
        return this == FALLBACK;
    }
}
