package io.chaosharness.proxy.toxic;

/** Validation helpers for toxic attributes: errors name the attribute and the bad value. */
final class Attributes {

    private Attributes() {
    }

    static long atLeast(String field, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be at least " + min + ", but was " + value);
        }
        return value;
    }

    static final long MS = 1_000_000L;
}
