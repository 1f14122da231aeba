package io.chaosharness.retry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryRulesTest {

    @ParameterizedTest(name = "{0} neverReached={1} idempotent={2} keyed={3} -> {4}")
    @CsvSource({
            // class,           neverReached, idempotent, keyed, mayRepeat
            "TRANSIENT,         false, true,  false, true",
            "TRANSIENT,         false, false, false, false",
            "TRANSIENT,         true,  false, false, true",
            "TRANSIENT,         false, false, true,  true",
            "POOL_EXHAUSTED,    true,  false, false, true",
            "UNSAFE_TO_REPEAT,  false, false, false, false",
            "UNSAFE_TO_REPEAT,  false, true,  false, true",
            "UNSAFE_TO_REPEAT,  false, false, true,  true",
            "PERMANENT,         false, true,  true,  false",
            "PERMANENT,         true,  true,  false, false",
            "CIRCUIT_OPEN,      true,  true,  false, false",
    })
    void nonIdempotentWritesRepeatOnlyWhenTheyNeverReachedTheServerOrCarryAKey(
            FailureClass failureClass, boolean neverReached, boolean idempotent, boolean keyed, boolean expected) {
        assertThat(RetryRules.mayRepeat(new Classification(failureClass, null, neverReached), idempotent, keyed))
                .isEqualTo(expected);
    }
}
