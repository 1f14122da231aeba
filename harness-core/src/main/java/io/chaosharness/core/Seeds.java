package io.chaosharness.core;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Seeded randomness. Every random decision in the harness (backoff jitter, toxicity, slicer splits, fault
 * schedules) draws from a generator derived from one run seed, so a run can be replayed by passing the seed back.
 * Nothing here uses {@code Math.random()} or a global generator.
 */
public final class Seeds {

    private Seeds() {
    }

    /** A fresh seed for a run that was not given one; print and record it so the run can be replayed. */
    public static long newSeed() {
        return new SecureRandom().nextLong();
    }

    /**
     * A generator for one named component of a run. The same {@code (seed, component)} pair always yields the same
     * sequence, and different components get independent sequences, so adding a consumer of randomness in one
     * place does not shift the draws of another.
     */
    public static RandomGenerator forComponent(long seed, String component) {
        if (component == null || component.isBlank()) {
            throw new IllegalArgumentException("component must not be blank, but was '" + component + "'");
        }
        return new SplittableRandom(mix(seed, component));
    }

    /** A thread-safe generator (synchronised) for components that draw from several threads. */
    public static RandomGenerator threadSafe(long seed, String component) {
        RandomGenerator delegate = forComponent(seed, component);
        return new RandomGenerator() {
            @Override
            public synchronized long nextLong() {
                return delegate.nextLong();
            }
        };
    }

    static long mix(long seed, String component) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (int i = 0; i < component.length(); i++) {
            h = (h ^ component.charAt(i)) * 0x100000001B3L;
            h ^= h >>> 29;
        }
        // splitmix64 finaliser
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }
}
