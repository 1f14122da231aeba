package io.chaosharness.core;

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
        assertThat(Percentiles.of(values, p)).as("p%s", p).isEqualTo(expected);
        assertThat(values[0]).as("the caller's array is left as it was").isEqualTo(100);
    }

    @ParameterizedTest(name = "p{0} of [3, 1, 2] = {1}")
    @CsvSource({"33, 1", "34, 2", "66, 2", "67, 3", "99, 3"})
    void nearestRankOverThreeValues(double p, double expected) {
        assertThat(Percentiles.of(new double[] {3, 1, 2}, p)).as("p%s", p).isEqualTo(expected);
    }

    @Test
    void aSortedPrefixOfABufferIsRankedAlone() {
        double[] buffer = {1, 2, 3, 4, 0, 0, 0, 0};
        assertThat(Percentiles.ofSorted(buffer, 4, 50)).as("p50 of the first four").isEqualTo(2);
        assertThat(Percentiles.ofSorted(buffer, 4, 100)).as("p100 ignores the unused tail").isEqualTo(4);
    }

    @Test
    void failuresCountedAsInfinitelySlowSortLast() {
        assertThat(Percentiles.of(new double[] {Double.POSITIVE_INFINITY, 5, 7}, 50)).isEqualTo(7);
        assertThat(Percentiles.of(new double[] {Double.POSITIVE_INFINITY, 5, 7}, 99)).isInfinite();
    }

    @Test
    void anEmptySampleHasNoPercentileAndNoMean() {
        assertThat(Percentiles.of(new double[0], 99)).as("percentile").isNaN();
        assertThat(Percentiles.mean(new double[0])).as("mean").isNaN();
        assertThat(Percentiles.mean(new double[] {1, 2, 6})).as("mean of 1, 2, 6").isEqualTo(3);
    }

    @Test
    void aPercentileOutsideZeroToAHundredIsRejected() {
        assertThatThrownBy(() -> Percentiles.of(new double[] {1}, 101))
                .hasMessageContaining("p must be in (0, 100], but was 101.0");
        assertThatThrownBy(() -> Percentiles.of(new double[] {1}, 0)).hasMessageContaining("p must be in (0, 100]");
    }
}
