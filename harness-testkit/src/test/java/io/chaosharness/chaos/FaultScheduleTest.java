package io.chaosharness.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {

    private static final List<Fault> CANDIDATES = List.of(new ProxyDown(),
            new Latency(Duration.ofMillis(100), Duration.ofMillis(10)), new ConnectionCut());

    @Test
    void theSameSeedGivesTheSameScheduleAndAnotherSeedAnother() {
        FaultSchedule a = FaultSchedule.random(7, Duration.ofSeconds(60), 6, Duration.ofSeconds(1), Duration.ofSeconds(5), CANDIDATES);
        FaultSchedule b = FaultSchedule.random(7, Duration.ofSeconds(60), 6, Duration.ofSeconds(1), Duration.ofSeconds(5), CANDIDATES);
        FaultSchedule c = FaultSchedule.random(8, Duration.ofSeconds(60), 6, Duration.ofSeconds(1), Duration.ofSeconds(5), CANDIDATES);

        assertThat(a.entries()).as("same seed").isEqualTo(b.entries());
        assertThat(a.entries()).as("other seed").isNotEqualTo(c.entries());
    }

    @Test
    void randomWindowsStayInTheirSlotsWithinBoundsAndNeverOverlap() {
        FaultSchedule s = FaultSchedule.random(123, Duration.ofSeconds(40), 8, Duration.ofSeconds(1), Duration.ofSeconds(5), CANDIDATES);

        assertThat(s.entries()).as("entries").hasSize(8);
        for (int i = 0; i < s.entries().size(); i++) {
            FaultSchedule.Entry e = s.entries().get(i);
            assertThat(e.duration()).as("duration of %s", i).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
            assertThat(e.at()).as("start of %s", i).isGreaterThanOrEqualTo(Duration.ofSeconds(5L * i));
            assertThat(e.end()).as("end of %s", i).isLessThanOrEqualTo(Duration.ofSeconds(5L * (i + 1)));
            if (i > 0) {
                assertThat(e.at()).as("start of %s after end of %s", i, i - 1)
                        .isGreaterThanOrEqualTo(s.entries().get(i - 1).end());
            }
        }
        assertThat(s.end()).as("schedule end").isLessThanOrEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void badSchedulesAreRejectedNamingTheField() {
        assertThatThrownBy(() -> FaultSchedule.random(1, Duration.ofSeconds(10), 0, Duration.ZERO, Duration.ZERO, CANDIDATES))
                .hasMessageContaining("count");
        assertThatThrownBy(() -> FaultSchedule.random(1, Duration.ofSeconds(10), 5, Duration.ofSeconds(1), Duration.ofSeconds(3), CANDIDATES))
                .hasMessageContaining("maxDuration");
        assertThatThrownBy(() -> FaultSchedule.random(1, Duration.ofSeconds(10), 1, Duration.ofSeconds(3), Duration.ofSeconds(1), CANDIDATES))
                .hasMessageContaining("maxDuration");
        assertThatThrownBy(() -> FaultSchedule.random(1, Duration.ofSeconds(10), 1, Duration.ZERO, Duration.ZERO, List.of()))
                .hasMessageContaining("candidates");
        assertThatThrownBy(() -> FaultSchedule.builder().add(Duration.ofMillis(-1), Duration.ZERO, new ProxyDown()))
                .hasMessageContaining("at");
        assertThatThrownBy(() -> FaultSchedule.builder().add(Duration.ofHours(20), Duration.ofHours(5), new ProxyDown()))
                .hasMessageContaining("at + duration");
    }
}
