package io.chaosharness.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FaultValidationTest {

    private static final Duration NEG = Duration.ofMillis(-1);
    private static final Duration MS = Duration.ofMillis(1);
    private static final Direction DOWN = Direction.DOWNSTREAM;

    static Stream<Arguments> badParameters() {
        return Stream.of(
                Arguments.of("negative latency", (Executable) () -> new Latency(NEG, MS), "latency"),
                Arguments.of("negative jitter", (Executable) () -> new Latency(MS, NEG), "jitter"),
                Arguments.of("toxicity above 1", (Executable) () -> new Latency(MS, MS, DOWN, 1.5f), "toxicity"),
                Arguments.of("toxicity NaN", (Executable) () -> new Latency(MS, MS, DOWN, Float.NaN), "toxicity"),
                Arguments.of("no direction", (Executable) () -> new Latency(MS, MS, null, 1f), "direction"),
                Arguments.of("latency over 24h", (Executable) () -> new Latency(Duration.ofHours(25), MS), "latency"),
                Arguments.of("negative rate", (Executable) () -> new Bandwidth(-1), "rateKilobytesPerSecond"),
                Arguments.of("negative slow close", (Executable) () -> new SlowClose(NEG), "delay"),
                Arguments.of("negative timeout", (Executable) () -> new Timeout(NEG, DOWN), "timeout"),
                Arguments.of("negative reset delay", (Executable) () -> new ResetPeer(NEG, DOWN), "timeout"),
                Arguments.of("reset toxicity above 1", (Executable) () -> new ResetPeer(MS, DOWN, 1.01f), "toxicity"),
                Arguments.of("reset toxicity negative", (Executable) () -> new ResetPeer(MS, DOWN, -0.1f), "toxicity"),
                Arguments.of("timeout toxicity NaN", (Executable) () -> new Timeout(MS, DOWN, Float.NaN), "toxicity"),
                Arguments.of("limit data toxicity 2", (Executable) () -> new LimitData(1, DOWN, 2f), "toxicity"),
                Arguments.of("slow close toxicity -1", (Executable) () -> new SlowClose(MS, DOWN, -1f), "toxicity"),
                Arguments.of("slicer size 0", (Executable) () -> new Slicer(0, 0, MS, DOWN), "averageSize"),
                Arguments.of("slicer variation too big", (Executable) () -> new Slicer(10, 10, MS, DOWN), "sizeVariation"),
                Arguments.of("slicer negative delay", (Executable) () -> new Slicer(10, 1, NEG, DOWN), "delay"),
                Arguments.of("negative data limit", (Executable) () -> new LimitData(-5, DOWN), "bytes"),
                Arguments.of("negative connection limit", (Executable) () -> new ConnectionLimit(-1), "limit"),
                Arguments.of("huge connection limit", (Executable) () -> new ConnectionLimit(10_001), "limit"));
    }

    @ParameterizedTest(name = "{0} is rejected naming {2}")
    @MethodSource("badParameters")
    void badParametersAreRejectedNamingTheField(String what, Executable construct, String field) {
        assertThatThrownBy(construct::execute)
                .as(what)
                .isInstanceOfAny(IllegalArgumentException.class, NullPointerException.class)
                .hasMessageContaining(field);
    }

    @Test
    void descriptionsCarryTheParameters() {
        assertThat(new Latency(Duration.ofMillis(200), Duration.ofMillis(50)).describe())
                .as("latency").isEqualTo("latency 200ms ±50ms downstream");
        assertThat(new Latency(Duration.ofMillis(200), Duration.ZERO, Direction.UPSTREAM, 0.5f).describe())
                .as("latency with toxicity").isEqualTo("latency 200ms ±0ms upstream toxicity 0.5");
        assertThat(Timeout.blackhole().describe()).as("blackhole").isEqualTo("blackhole downstream");
        assertThat(new ResetPeer(Duration.ZERO, Direction.UPSTREAM, 0.5f).describe())
                .as("reset with toxicity").isEqualTo("reset peer after 0ms upstream toxicity 0.5");
        assertThat(ResetPeer.immediate().describe()).as("reset, every connection")
                .isEqualTo("reset peer after 0ms upstream");
        assertThat(new ConnectionLimit(2).describe()).as("limit").isEqualTo("connection limit 2");
        assertThat(new ProxyDown().kind()).as("kind").isEqualTo("proxy-down");
    }

    @Test
    void databaseLevelFaultsSayTheyAre() {
        assertThat(new DatabaseRestart().isDatabaseLevel()).as("restart").isTrue();
        assertThat(new TerminateBackends().isDatabaseLevel()).as("terminate").isTrue();
        assertThat(new ConnectionLimit(1).isDatabaseLevel()).as("limit").isTrue();
        assertThat(new ProxyDown().isDatabaseLevel()).as("proxy down").isFalse();
        assertThat(new ConnectionCut().isDatabaseLevel()).as("cut").isFalse();
    }
}
