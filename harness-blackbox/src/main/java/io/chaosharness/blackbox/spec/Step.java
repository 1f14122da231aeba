package io.chaosharness.blackbox.spec;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One request of a journey.
 *
 * @param name           unique within its journey (default {@code "METHOD path"})
 * @param method         {@code GET}, {@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}, {@code HEAD} or
 *                       {@code OPTIONS}
 * @param path           path and query, starting with {@code /}, relative to the spec's base URL
 * @param headers        header name to value (templates; {@code ${env.*}} values are secrets)
 * @param body           the request body, if any
 * @param expect         the statuses that count as success (default {@code [200]})
 * @param field          where the step stands in the spec, e.g. {@code journeys[0].steps[1]}
 * @param location       the step's line
 * @param expectLocation the line of its {@code expect} (the step's own line when defaulted)
 */
public record Step(String name, String method, Template path, Map<String, Template> headers,
                   Optional<BodyTemplate> body, Set<Integer> expect, String field, SpecLocation location,
                   SpecLocation expectLocation) {

    public Step {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
        expect = Set.copyOf(expect);
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(expectLocation, "expectLocation");
    }

    /** Whether {@code status} is one this step expects. */
    public boolean expects(int status) {
        return expect.contains(status);
    }
}
