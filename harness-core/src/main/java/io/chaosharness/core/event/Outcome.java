package io.chaosharness.core.event;

/** How one attempt or one logical operation ended. */
public enum Outcome {
    SUCCESS,
    FAILURE
}
