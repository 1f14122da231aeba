package io.chaosharness.cli;

import io.chaosharness.scenario.Design;
import io.chaosharness.scenario.DesignFile;
import io.chaosharness.scenario.Scenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The design under test of {@code ./harness run}: the seed plan's unless told otherwise, else a design file
 * ({@code --design FILE}), the target URL's pool parameters and the flags, applied in that order (later wins; each
 * value validated, the error naming the flag or file line and the setting). {@code --compare A B} runs two designs,
 * each {@code seed} or a design file, side by side. A picocli mixin: {@link RunCommand} only asks it for the designs.
 */
final class DesignOptions {

    @Option(names = "--design", paramLabel = "FILE",
            description = "The design under test: a design file (key = value lines, see the README) or 'seed' "
                    + "(default: the seed plan's design).")
    String design;

    @Option(names = "--design-name", paramLabel = "NAME",
            description = "Names the design under test in results and the report (default: the file's name, "
                    + "'custom' when only flags change the seed, else 'seed').")
    String designName;

    @Option(names = "--pool", paramLabel = "QUERY",
            description = "Pool parameters as in the seed URL: 'connection_limit=5&pool_timeout=2' "
                    + "(connect_timeout, statement_timeout and pgjdbc properties too).")
    String pool;

    @Option(names = "--retry", paramLabel = "QUERY",
            description = "Retry settings: 'enabled=true&max_retries=3&base_delay=1s&max_delay=30s&jitter=0.5'.")
    String retry;

    @Option(names = "--breaker", paramLabel = "QUERY",
            description = "Circuit breaker: 'enabled=true&failure_rate=50&window=20&minimum_calls=10&open_for=5s"
                    + "&half_open_calls=3'.")
    String breaker;

    @Option(names = "--budget", paramLabel = "QUERY",
            description = "Retry budget: 'enabled=true&ratio=0.2&min_retries_per_second=3&window=10s'.")
    String budget;

    @Option(names = "--availability", paramLabel = "QUERY",
            description = "Availability check: 'attempt_timeout=10s&backoff=1s&max_backoff=4s'.")
    String availability;

    @Option(names = "--compare", arity = "2", paramLabel = "DESIGN",
            description = "Runs every selected scenario on two designs (each 'seed' or a design file), A then B "
                    + "per scenario, and writes one report side by side. Exit 0 when B meets every criterion A "
                    + "meets, 1 when B misses one (or a scenario did not run on both), 2 on a usage error.")
    List<String> compare;

    /** Whether any option here was given (they describe the reference design, which {@code --app} does not run). */
    boolean given() {
        return design != null || designName != null || pool != null || retry != null || breaker != null
                || budget != null || availability != null || compare != null;
    }

    /** Whether two designs are compared. */
    boolean comparing() {
        return compare != null;
    }

    /**
     * The design(s) under test: one, or two for {@code --compare}.
     *
     * @param targetPool the target URL's pool parameters ({@code connection_limit=5}), empty when it has none
     * @param targetSource where the target URL came from ({@code HARNESS_TARGET_URL} or {@code --target-url})
     */
    List<Design> designs(Map<String, String> targetPool, String targetSource) {
        if (comparing()) {
            List<String> given = new ArrayList<>();
            addIf(given, "--design", design);
            addIf(given, "--design-name", designName);
            addIf(given, "--pool", pool);
            addIf(given, "--retry", retry);
            addIf(given, "--breaker", breaker);
            addIf(given, "--budget", budget);
            addIf(given, "--availability", availability);
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("--compare takes both designs from its two arguments, but "
                        + String.join(", ", given) + " was given too; put those settings in a design file");
            }
            if (!targetPool.isEmpty()) {
                throw new IllegalArgumentException(targetSource + ": its pool parameters (" + query(targetPool)
                        + ") would be a third design; with --compare put them in a design file");
            }
            Design a = load("--compare", compare.get(0));
            Design b = load("--compare", compare.get(1));
            if (a.name().equals(b.name())) {
                throw new IllegalArgumentException("--compare: both designs are named '" + a.name()
                        + "'; give one a 'name = ...' line");
            }
            return List.of(a, b);
        }
        Design base = design == null ? Design.seed() : load("--design", design);
        String name = designName != null ? designName : base.isSeed() ? "custom" : base.name();
        Design.Builder b;
        try {
            b = base.toBuilder(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--design-name: " + e.getMessage());
        }
        b.setQuery(targetSource, "", query(targetPool));
        set(b, "--pool", "", pool);
        set(b, "--retry", "retry.", retry);
        set(b, "--breaker", "breaker.", breaker);
        set(b, "--budget", "budget.", budget);
        set(b, "--availability", "availability.", availability);
        Design d = b.build();
        if (designName == null && base.isSeed() && d.changesFromSeed().isEmpty()) {
            return List.of(Design.seed()); // the flags restate the seed plan's values: it is the seed's design
        }
        if (d.isSeed() && !d.changesFromSeed().isEmpty()) {
            throw new IllegalArgumentException("--design-name: 'seed' is the built-in seed plan's name, but this "
                    + "design changes " + String.join(", ", d.changesFromSeed()) + "; choose another name");
        }
        return List.of(d);
    }

    /** {@code seed} or a design file. */
    private static Design load(String option, String value) {
        if (Design.SEED_NAME.equals(value.strip())) {
            return Design.seed();
        }
        try {
            return DesignFile.read(Path.of(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    private static void set(Design.Builder b, String option, String prefix, String query) {
        if (query != null) {
            b.setQuery(option, prefix, query);
        }
    }

    private static void addIf(List<String> given, String option, String value) {
        if (value != null) {
            given.add(option);
        }
    }

    private static String query(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=').append(v));
        return sb.toString();
    }

    /** How a console line introduces a scenario's departure from {@code design}. */
    static String departsFrom(String design) {
        return design == null || Design.SEED_NAME.equals(design) ? "departs from the seed plan"
                : "departs from design '" + design + "'";
    }

    /** How a console line says a scenario runs {@code design} as it is. */
    static String unchanged(String design) {
        return design == null || Design.SEED_NAME.equals(design) ? "design: the seed plan's, unchanged"
                : "design '" + design + "', unchanged";
    }

    /** One design and the scenarios selected for it (built on it). */
    record DesignRun(Design design, List<Scenario> scenarios) {
    }
}
