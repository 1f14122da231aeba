package io.chaosharness.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AvailabilityConfigTest {

    @Test
    void theDefaultsAreTheSeedPlansTenSecondsAndOneTwoFourSeconds() {
        AvailabilityConfig c = AvailabilityConfig.ofDefaults();
        assertThat(c.attemptTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.backoffAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.backoffAfter(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(c.backoffAfter(10)).as("capped at maxBackoff").isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void badValuesNameTheField() {
        assertThatThrownBy(() -> new AvailabilityConfig(Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("attemptTimeout must be between 1 ms");
        assertThatThrownBy(() -> AvailabilityConfig.ofDefaults().withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("maxBackoff must be at least baseBackoff");
        assertThatThrownBy(() -> AvailabilityConfig.ofDefaults().withBackoff(Duration.ofMillis(-1), Duration.ofSeconds(1)))
                .hasMessageContaining("baseBackoff");
    }
}
