package io.chaosharness.report.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencySampleTest {

    @Test
    void valuesAddedOutOfOrderAreRankedByNearestRank() {
        LatencySample s = new LatencySample();
        for (int i = 100; i >= 1; i--) {
            s.add(i);
        }
        assertThat(s.percentile(50)).as("p50").isEqualTo(50.0);
        assertThat(s.percentile(99)).as("p99").isEqualTo(99.0);
        s.add(0.5);
        assertThat(s.percentile(0.5)).as("p0.5 after one more, smaller value").isEqualTo(0.5);
        assertThat(s.size()).as("size").isEqualTo(101);
    }

    @Test
    void anEmptySampleHasNoPercentile() {
        assertThat(new LatencySample().percentile(99)).isNull();
    }

    @Test
    void aPercentileOutsideZeroToAHundredIsRejected() {
        LatencySample s = new LatencySample();
        s.add(1);
        assertThatThrownBy(() -> s.percentile(101)).hasMessageContaining("p must be in (0, 100], but was 101.0");
    }
}
