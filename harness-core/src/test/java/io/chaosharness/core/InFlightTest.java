package io.chaosharness.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InFlightTest {

    private static final long MS = 1_000_000L;
    private static final long S = InFlight.SECOND_NANOS;

    @Test
    void aShortStallCountsByTheTimeItLastsNotByItsPeak() {
        // 3 s of one 2 ms attempt every 10 ms (0.2 in flight), plus a 50 ms stall in second 1 with 9 at once
        List<long[]> spans = new ArrayList<>();
        for (long at = 0; at + 2 * MS <= 3 * S; at += 10 * MS) {
            spans.add(new long[] {at, at + 2 * MS});
        }
        for (int i = 0; i < 9; i++) {
            spans.add(new long[] {1500 * MS, 1550 * MS});
        }
        InFlight.Busiest b = InFlight.busiest(spans, 3 * S, S);
        assertThat(b.peak()).isEqualTo(10);
        assertThat(b.window()).isEqualTo(1);
        // 0.2 + 9 × 0.05 s
        assertThat(b.mean()).isCloseTo(0.65, within(1e-9));
        assertThat(b.spans()).isEqualTo(spans.size());
    }

    @Test
    void aWholeBusySecondIsItsMean() {
        // 8 connections held through second 2: 8 of 15 is 53 %, over the seed's 50 %
        List<long[]> spans = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            spans.add(new long[] {2 * S, 3 * S});
        }
        InFlight.Busiest b = InFlight.busiest(spans, 4 * S, S);
        assertThat(b.mean()).isCloseTo(8.0, within(1e-9));
        assertThat(b.window()).isEqualTo(2);
        assertThat(b.mean() / 15).isGreaterThan(0.5);
    }

    @Test
    void backToBackIntervalsDoNotOverlapAndSpansOutsideTheRunAreLeftOut() {
        List<long[]> spans = List.of(
                new long[] {0, 500 * MS}, new long[] {500 * MS, S},   // back to back: one in flight
                new long[] {-2 * S, -S},                                // ended before the run
                new long[] {S, 5 * S},                                  // ended after it
                new long[] {-S, 100 * MS});                             // started before: counted from the start
        InFlight.Busiest b = InFlight.busiest(spans, 2 * S, S);
        assertThat(b.peak()).isEqualTo(2);
        assertThat(b.spans()).isEqualTo(3);
        assertThat(b.mean()).isCloseTo(1.1, within(1e-9));
    }

    @Test
    void aShortLastWindowDoesNotCountUntilItIsHalfAWindow() {
        // 1.3 s run: the last 0.3 s is too short to be the busiest second, however full
        List<long[]> spans = List.of(new long[] {1000 * MS, 1300 * MS}, new long[] {1000 * MS, 1300 * MS});
        assertThat(InFlight.busiest(spans, 1300 * MS, S).mean()).isZero();
        assertThat(InFlight.busiest(spans, 1500 * MS, S).mean()).isCloseTo(2 * 0.3 / 0.5, within(1e-9));
    }

    @Test
    void nothingInFlightIsZeroAndABadLengthIsRefused() {
        InFlight.Busiest b = InFlight.busiest(List.of(), S, S);
        assertThat(b.mean()).isZero();
        assertThat(b.spans()).isZero();
        assertThatThrownBy(() -> InFlight.busiest(List.of(), 0, S)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runNanos");
    }
}
