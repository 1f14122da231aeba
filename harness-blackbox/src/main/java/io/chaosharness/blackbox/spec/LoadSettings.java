package io.chaosharness.blackbox.spec;

import java.time.Duration;
import java.util.Objects;

/**
 * The load of one run: how many virtual users, how often each sends a request, for how long, and how long a request
 * may stay outstanding before it counts as an error. The spec's {@code load} gives the defaults and
 * {@code scenarios.<id>} overrides any of them for one scenario. Every value is bounded (the bounds are refused, not
 * clamped: a clamped load is a different experiment).
 *
 * @param users          virtual users across all journeys, {@value #MIN_USERS}..{@value #MAX_USERS} (default
 *                       {@value #DEFAULT_USERS})
 * @param thinkTime      the interval between one user's planned requests, 10 ms..10 min (default 1 s); each user
 *                       sends {@code 1 / thinkTime} requests per second whatever the application's latency
 * @param duration       how long requests are planned for, 1 s..2 h (default 60 s)
 * @param requestTimeout how long a request may take from its planned time before it is abandoned and counted as an
 *                       error ({@code TIMEOUT}), 100 ms..5 min (default 10 s)
 */
public record LoadSettings(int users, Duration thinkTime, Duration duration, Duration requestTimeout) {

    public static final int MIN_USERS = 1;
    public static final int MAX_USERS = 1000;
    public static final int DEFAULT_USERS = 10;
    public static final Duration MIN_THINK_TIME = Duration.ofMillis(10);
    public static final Duration MAX_THINK_TIME = Duration.ofMinutes(10);
    public static final Duration DEFAULT_THINK_TIME = Duration.ofSeconds(1);
    public static final Duration MIN_DURATION = Duration.ofSeconds(1);
    public static final Duration MAX_DURATION = Duration.ofHours(2);
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(60);
    public static final Duration MIN_REQUEST_TIMEOUT = Duration.ofMillis(100);
    public static final Duration MAX_REQUEST_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public LoadSettings {
        if (users < MIN_USERS || users > MAX_USERS) {
            throw new IllegalArgumentException("users must be between " + MIN_USERS + " and " + MAX_USERS
                    + ", but was " + users);
        }
        check("thinkTime", thinkTime, MIN_THINK_TIME, MAX_THINK_TIME);
        check("duration", duration, MIN_DURATION, MAX_DURATION);
        check("requestTimeout", requestTimeout, MIN_REQUEST_TIMEOUT, MAX_REQUEST_TIMEOUT);
    }

    /** 10 users, 1 s think time, 60 s, 10 s request timeout. */
    public static LoadSettings defaults() {
        return new LoadSettings(DEFAULT_USERS, DEFAULT_THINK_TIME, DEFAULT_DURATION, DEFAULT_REQUEST_TIMEOUT);
    }

    public LoadSettings withUsers(int users) {
        return new LoadSettings(users, thinkTime, duration, requestTimeout);
    }

    public LoadSettings withThinkTime(Duration thinkTime) {
        return new LoadSettings(users, thinkTime, duration, requestTimeout);
    }

    public LoadSettings withDuration(Duration duration) {
        return new LoadSettings(users, thinkTime, duration, requestTimeout);
    }

    public LoadSettings withRequestTimeout(Duration requestTimeout) {
        return new LoadSettings(users, thinkTime, duration, requestTimeout);
    }

    /** The planned arrival rate across all users, requests per second. */
    public double plannedRatePerSecond() {
        return users * 1e9 / thinkTime.toNanos();
    }

    /**
     * When virtual user {@code user} sends its first request, in nanoseconds after the start: the users are spread
     * evenly over one think time ({@code thinkTime * user / users}), so the arrivals are evenly spaced.
     */
    public long phaseNanos(int user) {
        return Math.multiplyExact(thinkTime.toNanos(), (long) user) / users;
    }

    /** The requests user {@code user} is planned to send: one at each think time from its phase, before the duration. */
    public long plannedRequests(int user) {
        long left = duration.toNanos() - phaseNanos(user);
        return left <= 0 ? 0 : (left + thinkTime.toNanos() - 1) / thinkTime.toNanos();
    }

    /** The number of requests planned across all users. */
    public long plannedRequests() {
        long total = 0;
        for (int u = 0; u < users; u++) {
            total += plannedRequests(u);
        }
        return total;
    }

    static void check(String field, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, field);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(field + " must be between " + Durations.format(min) + " and "
                    + Durations.format(max) + ", but was " + Durations.format(value));
        }
    }
}
