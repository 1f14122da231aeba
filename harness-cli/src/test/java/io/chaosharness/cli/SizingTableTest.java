package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The pool-sizing table's logic, on hand-made cells: nothing is measured here. */
class SizingTableTest {

    private static SizingTable.Cell cell(int users, int pool, Double p99, Double utilisation) {
        return new SizingTable.Cell(users, pool, p99, 5.0, utilisation, 1000, 0, 0, 0, 0, 200, 5.0, null, true, null);
    }

    @Test
    void theSmallestPoolMeetingBothTargetsIsPickedNotTheFirstListed() {
        // 100 users: band 50-100, target < 30 %; pool 5 is too busy, pool 10 is too slow, 15 and 25 meet both
        SizingTable t = SizingTable.of(List.of(cell(100, 25, 20.0, 0.10), cell(100, 5, 40.0, 0.45),
                cell(100, 15, 30.0, 0.25), cell(100, 10, 120.0, 0.20)));

        SizingTable.Row row = t.row(100);
        assertThat(row.smallestPassing()).as("smallest pool meeting p99 and utilisation").hasValue(15);
        assertThat(row.poolsMeasured()).as("pools in order").containsExactly(5, 10, 15, 25);
        assertThat(row.band().recommendation()).as("Appendix A for 50-100 users").isEqualTo("10-15");
        assertThat(row.smallestText()).isEqualTo("15");
    }

    @Test
    void whenTheSmallestPoolTriedPassesTheTableSaysSmallerWasNotMeasured() {
        SizingTable.Row row = SizingTable.of(List.of(cell(10, 5, 10.0, 0.05), cell(10, 10, 10.0, 0.02))).row(10);

        assertThat(row.smallestPassing()).hasValue(5);
        assertThat(row.smallestText()).isEqualTo("<= 5 (smallest tried)");
    }

    @Test
    void whenNoPoolMeetsTheTargetsTheRowSaysSoAndPicksNone() {
        SizingTable t = SizingTable.of(List.of(cell(500, 5, 900.0, 0.99), cell(500, 40, 150.0, 0.40)));

        SizingTable.Row row = t.row(500);
        assertThat(row.smallestPassing()).as("no pool meets p99 < 100 ms").isEmpty();
        assertThat(row.smallestText()).isEqualTo("none of 5,40 meets the targets");
        assertThat(t.lines()).anyMatch(l -> l.contains("none of 5,40 meets the targets"));
    }

    @Test
    void aFigureNotMeasuredNeverMeetsItsTarget() {
        SizingTable.Cell noUtilisation = cell(10, 5, 10.0, null);
        SizingTable.Cell noLatency = cell(10, 10, null, 0.01);
        SizingTable.Cell aborted = new SizingTable.Cell(10, 15, 10.0, 5.0, 0.01, 10, 0, 0, 0, 0, 20, 5.0, null,
                false, "aborted");

        SizingTable.Row row = SizingTable.of(List.of(noUtilisation, noLatency, aborted)).row(10);
        assertThat(row.smallestPassing()).as("not measured is not a pass").isEmpty();
        assertThat(row.smallestText()).isEqualTo("none of 5,10 meets the targets (others not completed)");
        assertThat(SizingTable.of(List.of(aborted)).row(10).smallestText()).isEqualTo("not measured (no cell completed)");
    }

    @ParameterizedTest(name = "{0} users: band {1}, utilisation < {2}")
    @CsvSource({"1, 10-50, 0.2", "10, 10-50, 0.2", "50, 10-50, 0.2", "51, 50-100, 0.3", "100, 50-100, 0.3",
            "200, 100-200, 0.4", "201, 200-500, 0.5", "500, 200-500, 0.5", "1000, 200-500, 0.5"})
    void appendixABands(int users, String band, double target) {
        assertThat(SizingTable.Band.of(users).users()).isEqualTo(band);
        assertThat(SizingTable.Band.of(users).utilisationTarget()).isEqualTo(target);
    }

    @Test
    void utilisationExactlyAtTheTargetDoesNotMeetIt() {
        assertThat(cell(10, 5, 10.0, 0.20).meetsTargets()).as("< 20 %, not <=").isFalse();
        assertThat(cell(10, 5, 100.0, 0.10).meetsTargets()).as("p99 < 100 ms, not <=").isFalse();
        assertThat(cell(10, 5, 99.9, 0.199).meetsTargets()).isTrue();
    }

    @Test
    void littlesLawIsThroughputTimesHoldTimeAndThePoolKeepsItStrictlyUnderTheTarget() {
        assertThat(SizingTable.littleBusy(200, 5)).as("200/s x 5 ms").isEqualTo(1.0);
        assertThat(SizingTable.littlePool(1.0, 0.2)).as("1 busy of 5 is 20 %, not under it").isEqualTo(6);
        assertThat(SizingTable.littlePool(0.9, 0.2)).isEqualTo(5);
        assertThat(SizingTable.littlePool(0.0, 0.5)).as("at least one connection").isEqualTo(1);
        assertThatThrownBy(() -> SizingTable.littlePool(1, 0)).hasMessageContaining("target");
    }

    @Test
    void littlesLawIsTheMedianOverTheRowsCompletedCells() {
        SizingTable.Cell stalled = new SizingTable.Cell(50, 5, 300.0, 90.0, 0.9, 1000, 0, 0, 30, 0, 100, 40.0, null,
                true, null);
        SizingTable.Cell ten = new SizingTable.Cell(50, 10, 10.0, 3.0, 0.02, 1000, 0, 0, 0, 0, 100, 5.0, null,
                true, null);
        SizingTable.Cell forty = new SizingTable.Cell(50, 40, 10.0, 3.0, 0.02, 1000, 0, 0, 0, 0, 100, 4.0, null,
                true, null);
        SizingTable.Cell aborted = new SizingTable.Cell(50, 80, 10.0, 3.0, 0.02, 10, 0, 0, 0, 0, 100, 1.0, null,
                false, "aborted");

        SizingTable.Row row = SizingTable.of(List.of(forty, aborted, stalled, ten)).row(50);
        assertThat(row.littleBusy()).as("median of 100/s x 4, 5 and 40 ms; the aborted cell left out")
                .isEqualTo(0.5);
        assertThat(row.littleEstimate()).as("0.5 busy under 20 %: 3 connections").hasValue(3);
        SizingTable.Row even = SizingTable.of(List.of(forty, ten)).row(50);
        assertThat(even.littleBusy()).as("mean of the middle two").isCloseTo(0.45, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theOutageColumnIsTheSmallestPoolThatRodeItOut() {
        SizingTable.Cell five = new SizingTable.Cell(10, 5, 10.0, 3.0, 0.1, 100, 0, 0, 0, 0, 20, 4.0, false, true,
                null);
        SizingTable.Cell ten = new SizingTable.Cell(10, 10, 10.0, 3.0, 0.05, 100, 0, 0, 0, 0, 20, 4.0, true, true,
                null);

        SizingTable.Row row = SizingTable.of(List.of(five, ten)).row(10);
        assertThat(row.smallestRidingOutage()).hasValue(10);
        assertThat(row.outageText()).isEqualTo("10");
    }
}
