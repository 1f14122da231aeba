package io.chaosharness.result;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A scenario's or a criterion's outcome, written in lower case ({@code "pass"}) as the result schema asks. */
public enum Verdict {
    /** Every criterion met. */
    PASS,
    /** Some criterion not met. */
    FAIL,
    /** The run was interrupted; the data is partial. */
    ABORTED,
    /** The scenario could not run (environment, setup or fault injection failed). */
    ERROR,
    /**
     * A criterion's verdict only: the run gave it nothing to measure (no operation of that kind, no fault window, a
     * zero denominator). Never a pass; a scenario with a criterion not measured is {@link #FAIL}.
     */
    NOT_MEASURED,

    /**
     * The scenario was not run on purpose: the run's mode or caps rule it out or make it meaningless (read-only, a
     * worker or duration cap, database faults not allowed); the result's {@code error} member holds the reason. A skip
     * is not a failure.
     */
    SKIPPED;

    /** The schema's spelling: {@code pass}, {@code fail}, {@code aborted}, {@code error}, {@code not-measured},
     * {@code skipped}. */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses the schema's spelling (any case). */
    @JsonCreator
    public static Verdict parse(String text) {
        return parse("verdict", text);
    }

    /**
     * Parses the schema's spelling (any case, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException naming {@code field} and the bad value ({@code missing} for {@code null})
     */
    public static Verdict parse(String field, String value) {
        if (value != null) {
            for (Verdict v : values()) {
                if (v.json().equalsIgnoreCase(value.strip())) {
                    return v;
                }
            }
        }
        throw new IllegalArgumentException(field + " must be one of " + String.join(", ",
                java.util.Arrays.stream(values()).map(Verdict::json).toList()) + ", but was "
                + (value == null ? "missing" : "'" + value + "'"));
    }
}
