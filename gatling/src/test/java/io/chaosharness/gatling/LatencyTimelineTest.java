package io.chaosharness.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LatencyTimelineTest {

    @ParameterizedTest(name = "{0} ms -> bin upper edge {1} ms")
    @CsvSource({"0, 1", "99, 100", "199, 200", "200, 210", "1999, 2000", "2000, 3000", "59999, 60000"})
    void binsNeverReportLessThanTheLatency(long ms, long upper) {
        assertThat(LatencyTimeline.upper(LatencyTimeline.bin(ms))).isEqualTo(upper).isGreaterThan(ms);
    }

    /** 100 responses per 1 s bucket; the p99 of bucket b is {@code slow[b]} when it is set. */
    private static LatencyTimeline timeline(long... slowP99) {
        LatencyTimeline t = new LatencyTimeline(0, 1000, 60);
        for (int b = 0; b < slowP99.length; b++) {
            for (int i = 0; i < 100; i++) {
                t.record(b * 1000L + i, i < 98 ? 5 : slowP99[b]);
            }
        }
        return t;
    }

    @Test
    void recoveryIsTheStartOfTheFirstSustainedRunUnderTheThreshold() {
        //                        0   1   2     3     4    5   6   7    8   9
        LatencyTimeline t = timeline(5, 5, 3000, 2000, 150, 50, 40, 300, 30, 20, 20, 20);
        assertThat(t.recoveryMs(2500, 12_000, 100, 3)).as("bucket 8 starts the first 3 good windows in a row")
                .isEqualTo(5500);
        assertThat(t.recoveryMs(2500, 12_000, 100, 2)).as("with 2 windows, bucket 5").isEqualTo(2500);
        assertThat(t.recoveryMs(2500, 8_000, 100, 3)).as("the next fault comes before 3 good windows").isNull();
    }

    @Test
    void percentilesMergeBuckets() {
        LatencyTimeline t = timeline(5, 5, 5);
        assertThat(t.percentile(0, 2, 50)).isEqualTo(6);
        assertThat(t.p99Series()).hasSize(3);
        assertThat(t.percentile(10, 20, 99)).as("empty range").isEqualTo(-1);
    }
}
