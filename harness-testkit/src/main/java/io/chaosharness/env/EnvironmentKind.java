package io.chaosharness.env;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Where PostgreSQL and the proxy come from. */
public enum EnvironmentKind {

    /** PostgreSQL 17 from Maven-provided binaries and the embedded proxy, both run by the harness. */
    EMBEDDED("embedded"),
    /** PostgreSQL 17 and the real Toxiproxy in Docker containers (Testcontainers). */
    CONTAINERS("containers"),
    /** A database the user names, with a proxy in front of it; nothing is started on the database side. */
    EXTERNAL("external");

    /** Environment variable that selects the kind. */
    public static final String ENV_VARIABLE = "HARNESS_ENV";
    /** System property that selects the kind (wins over the environment variable). */
    public static final String SYSTEM_PROPERTY = "harness.env";

    private final String id;

    EnvironmentKind(String id) {
        this.id = id;
    }

    /** The lower-case name used in {@code HARNESS_ENV} and in reports. */
    public String id() {
        return id;
    }

    /**
     * Parses a {@code HARNESS_ENV} value (case-insensitive, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException naming {@code HARNESS_ENV} and the value when it is not a known kind
     */
    public static EnvironmentKind parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (EnvironmentKind kind : values()) {
            if (kind.id.equals(v)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(ENV_VARIABLE + " must be one of "
                + Arrays.stream(values()).map(EnvironmentKind::id).collect(Collectors.joining(", "))
                + ", but was '" + value + "'");
    }

    /**
     * The kind asked for by the system property {@code harness.env}, else the variable {@code HARNESS_ENV}, else
     * automatic: {@code containers} where Docker answers, {@code embedded} otherwise.
     */
    public static EnvironmentKind select(Map<String, String> environment, String systemProperty,
            BooleanSupplier dockerAvailable) {
        if (systemProperty != null && !systemProperty.isBlank()) {
            return parse(systemProperty);
        }
        String fromEnv = environment.get(ENV_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return parse(fromEnv);
        }
        return dockerAvailable.getAsBoolean() ? CONTAINERS : EMBEDDED;
    }
}
