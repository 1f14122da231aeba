package io.chaosharness.proxy.toxic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosharness.core.Seeds;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ToxicsTest {

    @Test
    void everyToxiproxyTypeIsRegisteredByName() {
        assertThat(Toxics.names()).containsExactlyInAnyOrder("noop", "latency", "bandwidth", "slow_close", "timeout",
                "reset_peer", "slicer", "limit_data");
        assertThat(Toxics.find("latency")).contains(LatencyToxic.class);
        assertThat(Toxics.find("down")).as("down is not a toxic").isEmpty();
    }

    @Test
    void seededSlicingIsReproducibleAndCoversTheChunk() {
        SlicerToxic slicer = new SlicerToxic(10, 4, 0);
        List<Integer> first = slicer.cuts(1000, Seeds.forComponent(5, "proxy/p/1/downstream"));
        List<Integer> again = slicer.cuts(1000, Seeds.forComponent(5, "proxy/p/1/downstream"));
        List<Integer> other = slicer.cuts(1000, Seeds.forComponent(6, "proxy/p/1/downstream"));
        assertThat(first).as("same seed, same cuts").isEqualTo(again);
        assertThat(first).as("another seed, other cuts").isNotEqualTo(other);
        assertThat(first).isSorted().doesNotHaveDuplicates().endsWith(1000);
        int previous = 0;
        for (int end : first) {
            assertThat(end - previous).as("piece size").isBetween(1, 10 + 4);
            previous = end;
        }
    }

    @Test
    void slicerWithVariationLargerThanHalfAPieceStillCoversTheChunk() {
        List<Integer> cuts = new SlicerToxic(1, 50, 0).cuts(500, Seeds.forComponent(1, "x"));
        assertThat(cuts).isSorted().doesNotHaveDuplicates().endsWith(500).allSatisfy(c -> assertThat(c).isPositive());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bandwidth rate -1|rate must be at least 0, but was -1",
            "latency -5|latency must be at least 0, but was -5",
            "jitter -1|jitter must be at least 0, but was -1",
            "slicer average_size 0|average_size must be at least 1, but was 0",
            "slicer size_variation -1|size_variation must be at least 0, but was -1",
            "limit_data bytes -1|bytes must be at least 0, but was -1",
            "timeout -1|timeout must be at least 0, but was -1"})
    void badAttributesAreRejectedNamingTheField(String what, String message) {
        assertThatThrownBy(() -> {
            switch (what) {
                case "bandwidth rate -1" -> new BandwidthToxic(-1);
                case "latency -5" -> new LatencyToxic(-5, 0);
                case "jitter -1" -> new LatencyToxic(0, -1);
                case "slicer average_size 0" -> new SlicerToxic(0, 0, 0);
                case "slicer size_variation -1" -> new SlicerToxic(1, -1, 0);
                case "limit_data bytes -1" -> new LimitDataToxic(-1);
                default -> new TimeoutToxic(-1);
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
