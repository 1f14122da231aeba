package io.chaosharness.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosharness.core.Seeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeededBackoffTest {

    private static List<Long> schedule(long seed, int retries) {
        SeededBackoff b = new SeededBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.5,
                Seeds.forComponent(seed, "retry-backoff"));
        List<Long> out = new ArrayList<>();
        for (int i = 1; i <= retries; i++) {
            out.add(b.delayMillis(i));
        }
        return out;
    }

    @Test
    void theSameSeedGivesTheSameDelays() {
        assertThat(schedule(42, 8)).isEqualTo(schedule(42, 8));
        assertThat(schedule(42, 8)).as("another seed, another schedule").isNotEqualTo(schedule(43, 8));
    }

    @Test
    void delaysStayWithinTheJitterBandAroundTheDoublingNominal() {
        for (long seed = 0; seed < 200; seed++) {
            List<Long> delays = schedule(seed, 6);
            for (int i = 0; i < delays.size(); i++) {
                long nominal = Math.min(30_000, 1000L << i);
                assertThat(delays.get(i)).as("seed %d retry %d", seed, i + 1)
                        .isBetween(nominal / 2, Math.min(30_000, nominal * 3 / 2));
            }
        }
    }

    @Test
    void nominalDoublesAndIsCapped() {
        SeededBackoff b = new SeededBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 0.0, Seeds.forComponent(1, "x"));
        assertThat(List.of(b.nominalMillis(1), b.nominalMillis(2), b.nominalMillis(3), b.nominalMillis(4),
                b.nominalMillis(60))).containsExactly(1000L, 2000L, 4000L, 5000L, 5000L);
        assertThat(b.delayMillis(2)).as("no jitter: the nominal").isEqualTo(2000L);
    }

    @Test
    void badParametersNameTheField() {
        assertThatThrownBy(() -> new SeededBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0.5,
                Seeds.forComponent(1, "x"))).hasMessageContaining("maxDelay");
        assertThatThrownBy(() -> new SeededBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.5,
                Seeds.forComponent(1, "x"))).hasMessageContaining("jitter must be between 0.0 and 1.0, but was 1.5");
    }
}
