package io.chaosharness.blackbox.spec;

import java.util.Objects;

/**
 * A bad application spec: the file, the line and the field, and what is wrong with it. The message reads
 * {@code app.yaml:12: journeys[0].steps[1].expect: must be a status code between 100 and 599, but was 700}. The
 * command line maps it to exit code 2. Messages never carry a secret: values read from environment variables are not
 * quoted.
 */
public class SpecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String field;
    private final String problem;

    public SpecException(SpecLocation location, String field, String problem) {
        this(location, field, problem, null);
    }

    public SpecException(SpecLocation location, String field, String problem, Throwable cause) {
        super(format(Objects.requireNonNull(location, "location"), field, problem), cause);
        this.file = location.file();
        this.line = location.line();
        this.field = field == null || field.isEmpty() ? "(root)" : field;
        this.problem = problem;
    }

    private static String format(SpecLocation location, String field, String problem) {
        return location.file() + (location.line() > 0 ? ":" + location.line() : "") + ": "
                + (field == null || field.isEmpty() ? "(root)" : field) + ": " + problem;
    }

    /** The spec file as the user named it. */
    public String file() {
        return file;
    }

    /** The 1-based line of the offending value (0 when the whole file is at fault, e.g. it cannot be read). */
    public int line() {
        return line;
    }

    /** The offending field as a path: {@code journeys[0].steps[1].expect}; {@code (root)} for the document. */
    public String field() {
        return field;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }
}
