package io.chaosharness.report.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Display formatting for the page: fixed locale, so a report reads the same on every machine. */
final class Fmt {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Fmt() {
    }

    static String ms(Double v) {
        if (v == null) {
            return "–";
        }
        if (v >= 10_000) {
            return String.format(Locale.ROOT, "%.1f s", v / 1000);
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f ms", v) : String.format(Locale.ROOT, "%.1f ms", v);
    }

    static String ms(Long v) {
        return v == null ? "not reached" : ms(v.doubleValue());
    }

    static String duration(Long ms) {
        if (ms == null) {
            return "–";
        }
        long s = Math.round(ms / 1000.0);
        return s < 120 ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0) : (s / 60) + " min " + (s % 60) + " s";
    }

    static String pct(Double v) {
        if (v == null) {
            return "–";
        }
        return v != 0 && Math.abs(v) < 0.1 ? String.format(Locale.ROOT, "%.3f %%", v) : String.format(Locale.ROOT, "%.1f %%", v);
    }

    static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    static String count(Long v) {
        return v == null ? "–" : count(v.longValue());
    }

    static String time(Instant at) {
        return at == null ? "–" : TIME.format(at);
    }

    static String offset(Long ms) {
        return ms == null ? "–" : String.format(Locale.ROOT, "t+%.1f s", ms / 1000.0);
    }
}
