package io.chaosharness.report;

import java.util.Locale;

/** The verdict of one scenario run, as written in its result file ({@code verdict} member). */
public enum ScenarioVerdict {
    /** Every criterion was met. */
    PASS,
    /** Some criterion was not met. */
    FAIL,
    /** The run was interrupted; the data is partial. */
    ABORTED,
    /** The scenario could not run. */
    ERROR;

    /** Parses the schema's lower-case spelling; the message names the field and the bad value. */
    public static ScenarioVerdict parse(String field, String value) {
        if (value != null) {
            for (ScenarioVerdict v : values()) {
                if (v.name().equalsIgnoreCase(value.trim())) {
                    return v;
                }
            }
        }
        throw new IllegalArgumentException(field + " must be one of pass, fail, aborted, error, but was "
                + (value == null ? "missing" : "'" + value + "'"));
    }

    /** The schema's spelling: {@code pass}, {@code fail}, {@code aborted}, {@code error}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
