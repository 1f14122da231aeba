package io.chaosharness.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResilienceConfigTest {

    @Test
    void defaultsFollowTheSeedPlan() {
        ResilienceConfig c = ResilienceConfig.ofDefaults();
        assertThat(c.maxRetries()).isEqualTo(3);
        assertThat(c.baseDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.breakerEnabled()).isTrue();
        assertThat(c.budgetRatio()).isEqualTo(0.2);
        assertThat(c.socketTimeoutEnabled()).isTrue();
    }

    @Test
    void weakenedTurnsEveryGuardOff() {
        ResilienceConfig w = ResilienceConfig.weakened();
        assertThat(w.retriesEnabled()).isFalse();
        assertThat(w.maxRetries()).as("no retries when disabled").isZero();
        assertThat(w.breakerEnabled()).isFalse();
        assertThat(w.budgetEnabled()).isFalse();
        assertThat(w.socketTimeoutEnabled()).isFalse();
    }

    @Test
    void fromCopiesAndChangesOnlyWhatIsSet() {
        ResilienceConfig c = ResilienceConfig.from(ResilienceConfig.ofDefaults()).maxRetries(5).build();
        assertThat(c.maxRetries()).isEqualTo(5);
        assertThat(c.baseDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(ResilienceConfig.ofDefaults().maxRetries()).as("the defaults are untouched").isEqualTo(3);
    }

    @Test
    void badValuesNameTheFieldAndTheValue() {
        assertThatThrownBy(() -> ResilienceConfig.custom().maxRetries(11))
                .hasMessageContaining("maxRetries must be between 0 and 10, but was 11");
        assertThatThrownBy(() -> ResilienceConfig.custom().baseDelay(Duration.ofSeconds(-1)))
                .hasMessageContaining("baseDelay");
        assertThatThrownBy(() -> ResilienceConfig.custom().jitter(2)).hasMessageContaining("jitter");
        assertThatThrownBy(() -> ResilienceConfig.custom().breakerFailureRateThreshold(0))
                .hasMessageContaining("breakerFailureRateThreshold");
        assertThatThrownBy(() -> ResilienceConfig.custom().budgetWindow(Duration.ofMillis(1500)))
                .hasMessageContaining("budgetWindow must be whole seconds");
        assertThatThrownBy(() -> ResilienceConfig.custom().baseDelay(Duration.ofSeconds(10))
                .maxDelay(Duration.ofSeconds(5)).build()).hasMessageContaining("maxDelay must be at least baseDelay");
        assertThatThrownBy(() -> ResilienceConfig.custom().breakerSlidingWindowSize(5).breakerMinimumNumberOfCalls(6)
                .build()).hasMessageContaining("breakerMinimumNumberOfCalls");
    }
}
