package io.chaosharness.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.random.RandomGenerator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void sameSeedAndComponentReplayTheSameSequence() {
        long[] a = draw(Seeds.forComponent(42, "jitter"));
        long[] b = draw(Seeds.forComponent(42, "jitter"));
        assertThat(a).as("replayed draws").containsExactly(b);
    }

    @Test
    void componentsAndSeedsAreIndependent() {
        assertThat(draw(Seeds.forComponent(42, "jitter"))).isNotEqualTo(draw(Seeds.forComponent(42, "toxicity")));
        assertThat(draw(Seeds.forComponent(42, "jitter"))).isNotEqualTo(draw(Seeds.forComponent(43, "jitter")));
    }

    @Test
    void blankComponentIsRejectedByName() {
        assertThatThrownBy(() -> Seeds.forComponent(1, " ")).hasMessageContaining("component");
    }

    private static long[] draw(RandomGenerator g) {
        return LongStream.range(0, 8).map(i -> g.nextLong()).toArray();
    }
}
