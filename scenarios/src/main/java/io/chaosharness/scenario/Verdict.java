package io.chaosharness.scenario;

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
    ERROR;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code pass}, {@code fail}, {@code aborted} or {@code error} (any case). */
    public static Verdict parse(String text) {
        for (Verdict v : values()) {
            if (v.json().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return v;
            }
        }
        throw new IllegalArgumentException("verdict must be pass, fail, aborted or error, but was '" + text + "'");
    }
}
