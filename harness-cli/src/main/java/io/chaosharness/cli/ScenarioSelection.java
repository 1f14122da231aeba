package io.chaosharness.cli;

import io.chaosharness.scenario.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns {@code --scenarios} (ids or globs, comma separated) into catalog scenarios, in the order named: each part's
 * matches in catalog order, a scenario named twice runs once, where it was first named (a run's order is part of
 * what it tests: a restart before a termination is another run than the other way round). Without the option, the
 * whole catalog in its order. A part that matches nothing is an error naming the option, the part and the known ids.
 */
final class ScenarioSelection {

    private static final Pattern PART = Pattern.compile("[a-z0-9*?-]{1,64}");

    private ScenarioSelection() {
    }

    static List<Scenario> select(List<Scenario> catalog, List<String> parts) {
        if (parts == null || parts.isEmpty()) {
            return catalog;
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String raw : parts) {
            String part = raw.strip();
            if (part.isEmpty()) {
                continue;
            }
            if (!PART.matcher(part).matches()) {
                throw new IllegalArgumentException("--scenarios: '" + part + "' is not a scenario id or glob "
                        + "(letters a-z, digits, '-', '*', '?')");
            }
            Pattern glob = Pattern.compile(part.replace("?", ".").replace("*", ".*"));
            List<String> matched = catalog.stream().map(Scenario::id).filter(id -> glob.matcher(id).matches()).toList();
            if (matched.isEmpty()) {
                throw new IllegalArgumentException("--scenarios: unknown scenario '" + part + "'; known: "
                        + String.join(", ", catalog.stream().map(Scenario::id).toList()));
            }
            wanted.addAll(matched);
        }
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("--scenarios must name at least one scenario, but was empty");
        }
        List<Scenario> out = new ArrayList<>();
        for (String id : wanted) {
            catalog.stream().filter(s -> s.id().equals(id)).findFirst().ifPresent(out::add);
        }
        return out;
    }
}
