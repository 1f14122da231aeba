package io.chaosharness.blackbox.spec;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * What a {@link Template} is rendered with: the resolved environment variables the spec names, the virtual user's
 * fields ({@code user.index} and the fields of its account) and the seeded random source of that user (so a run
 * replays from its seed).
 */
public record RenderContext(Map<String, String> env, Map<String, String> user, RandomGenerator random) {

    public RenderContext {
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
        user = Map.copyOf(Objects.requireNonNull(user, "user"));
        Objects.requireNonNull(random, "random");
    }

    /** A random (version 4 layout) UUID drawn from {@link #random()}. */
    String randomUuid() {
        long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
