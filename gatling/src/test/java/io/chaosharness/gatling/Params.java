package io.chaosharness.gatling;

import java.time.Duration;
import java.util.Locale;

/**
 * Simulation parameters from system properties, with defaults; a bad value fails at once naming the property.
 * Durations accept {@code 20s}, {@code 5m}, {@code 8h} or plain seconds.
 */
final class Params {

    private Params() {
    }

    static String string(String name, String defaultValue) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? defaultValue : v.strip();
    }

    static int integer(String name, int defaultValue, int min, int max) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", but was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, but was '" + v + "'");
        }
    }

    static Duration duration(String name, Duration defaultValue, Duration min, Duration max) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        Duration d = parseDuration(name, v.strip().toLowerCase(Locale.ROOT));
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min.toSeconds() + " s and "
                    + max.toSeconds() + " s, but was " + v);
        }
        return d;
    }

    private static Duration parseDuration(String name, String v) {
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a duration like 20s, 5m or 8h, but was '" + v + "'");
        }
    }
}
