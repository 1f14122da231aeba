package io.chaosharness.report.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PercentilesTest {

    @ParameterizedTest(name = "p{0} of 1..100 = {1}")
    @CsvSource({"50, 50", "95, 95", "99, 99", "100, 100", "0.5, 1", "99.9, 100"})
    void nearestRankOverOneToAHundred(double p, double expected) {
        double[] values = new double[100];
        for (int i = 0; i < 100; i++) {
            values[i] = 100 - i; // reversed, so sorting is exercised
        }
        assertThat(Percentiles.of(p, values)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "p{0} of [3, 1, 2] = {1}")
    @CsvSource({"33, 1", "34, 2", "66, 2", "67, 3", "99, 3"})
    void nearestRankOverThreeValues(double p, double expected) {
        assertThat(Percentiles.of(p, 3, 1, 2)).isEqualTo(expected);
    }

    @Test
    void emptyHasNoPercentile() {
        assertThat(new Percentiles().percentile(99)).isNull();
    }

    @Test
    void aPercentileOutsideZeroToAHundredIsRejected() {
        assertThatThrownBy(() -> Percentiles.of(101, 1)).hasMessageContaining("p must be in (0, 100], but was 101.0");
    }
}
