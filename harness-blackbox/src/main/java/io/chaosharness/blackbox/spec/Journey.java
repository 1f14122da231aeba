package io.chaosharness.blackbox.spec;

import java.util.List;
import java.util.Objects;

/**
 * A user journey: requests a virtual user sends in turn, one every think time, round and round. The steps carry no
 * data from one response to the next, so each request can be sent at its planned time whatever the application
 * does with the previous one (open model).
 *
 * @param name     unique in the spec; recorded with every request
 * @param weight   the journey's share of the virtual users (default 1): with weights 3 and 1 and 8 users, 6 and 2
 * @param steps    at least one, at most {@value AppSpec#MAX_STEPS}
 * @param field    {@code journeys[i]}
 * @param location the journey's line
 */
public record Journey(String name, int weight, List<Step> steps, String field, SpecLocation location) {

    public Journey {
        Objects.requireNonNull(name, "name");
        steps = List.copyOf(steps);
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(location, "location");
    }
}
