package io.chaosharness.sut;

/** What {@link SystemUnderTest#login} decided, as far as the harness needs to judge it. */
public enum LoginResult {
    /** The system checked the credentials against its database and let the user in. */
    GRANTED,
    /** The system checked the credentials against its database and refused them. */
    REFUSED,
    /**
     * The system did not get an answer from its database and took its fallback path instead (granted an emergency
     * session or refused for unavailability): the outcome criteria such as "no fallback" count.
     */
    FALLBACK;

    /** Whether this is the fallback path. */
    public boolean isFallback() {
        return this == FALLBACK;
    }
}
