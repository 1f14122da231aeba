package io.chaosharness.report;

import java.util.Locale;

/**
 * The verdict of a whole report. {@link #FAIL} wins over everything: a criterion not met is the headline.
 * {@link #INCOMPLETE} means nothing failed but the report cannot claim a pass (a scenario aborted or errored, or a
 * file could not be read).
 */
public enum OverallVerdict {
    PASS,
    FAIL,
    INCOMPLETE,
    NO_RESULTS;

    /** Lower-case, hyphenated spelling used in summary.json. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
