package io.chaosharness.blackbox.spec;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start the application (optional; the environment's launcher does it): a command run without a shell, in a
 * working directory relative to the spec file, with extra environment variables (templates: {@code ${env.*}} only),
 * then ready once {@code readinessUrl} answers 2xx within {@code readinessTimeout}.
 *
 * @param command          the program and its arguments (a string in the spec is split on whitespace)
 * @param workingDirectory relative to the spec file's folder (default: that folder)
 * @param environment      variables added to the launcher's (the database URL among them)
 * @param readinessUrl     polled until it answers 2xx
 * @param readinessTimeout 1 s..10 min (default 60 s)
 * @param location         the {@code start} block's line
 */
public record StartSpec(List<String> command, Optional<String> workingDirectory, Map<String, Template> environment,
                        URI readinessUrl, Duration readinessTimeout, SpecLocation location) {

    public static final Duration DEFAULT_READINESS_TIMEOUT = Duration.ofSeconds(60);

    public StartSpec {
        command = List.copyOf(command);
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(readinessUrl, "readinessUrl");
        Objects.requireNonNull(readinessTimeout, "readinessTimeout");
        Objects.requireNonNull(location, "location");
    }
}
