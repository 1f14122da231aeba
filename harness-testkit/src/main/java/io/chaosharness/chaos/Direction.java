package io.chaosharness.chaos;

import java.util.Locale;

/** Which stream of a proxied connection a toxic acts on (Toxiproxy's {@code stream}). */
public enum Direction {
    /** Client to server: requests. */
    UPSTREAM,
    /** Server to client: responses. */
    DOWNSTREAM;

    /** The name on the Toxiproxy API and in descriptions: {@code upstream} or {@code downstream}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
