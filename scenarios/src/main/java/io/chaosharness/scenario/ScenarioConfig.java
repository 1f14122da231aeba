package io.chaosharness.scenario;

import io.chaosharness.availability.AvailabilityConfig;
import io.chaosharness.retry.ResilienceConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The design under test for one scenario: the seed plan's pool parameters
 * ({@code connection_limit=15&pool_timeout=10&connect_timeout=30&statement_timeout=30000}), 3 retries from a 1 s base,
 * the availability check of 3 × 10 s. A scenario may depart from these (usually to shorten a duration); each
 * departure carries a note saying what and why, and the notes are written to the result's {@code config.notes}.
 * Immutable; each {@code with...} returns a new value.
 */
public final class ScenarioConfig {

    /** The seed plan's URL parameters. */
    public static final Map<String, String> SEED_PARAMETERS = seedParameters();

    /** PBKDF2 iterations for the workload's users (the minimum: the CPU belongs to the workload). */
    public static final int WORKLOAD_HASH_ITERATIONS = 1_000;

    private static final ScenarioConfig SEED_PLAN = new ScenarioConfig(SEED_PARAMETERS, ResilienceConfig.ofDefaults(),
            AvailabilityConfig.ofDefaults(), List.of());

    private final Map<String, String> urlParameters;
    private final ResilienceConfig resilience;
    private final AvailabilityConfig availability;
    private final List<String> notes;

    private ScenarioConfig(Map<String, String> urlParameters, ResilienceConfig resilience,
                           AvailabilityConfig availability, List<String> notes) {
        this.urlParameters = Collections.unmodifiableMap(new LinkedHashMap<>(urlParameters));
        this.resilience = Objects.requireNonNull(resilience, "resilience");
        this.availability = Objects.requireNonNull(availability, "availability");
        this.notes = List.copyOf(notes);
    }

    /** The seed plan's configuration, unchanged. */
    public static ScenarioConfig seedPlan() {
        return SEED_PLAN;
    }

    private static Map<String, String> seedParameters() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("connection_limit", "15");
        m.put("pool_timeout", "10");
        m.put("connect_timeout", "30");
        m.put("statement_timeout", "30000");
        return Collections.unmodifiableMap(m);
    }

    /** Sets URL parameter {@code name} to {@code value} (a pool parameter or a pgjdbc property), saying why. */
    public ScenarioConfig withUrlParameter(String name, String value, String why) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Map<String, String> p = new LinkedHashMap<>(urlParameters);
        p.put(name, value);
        return new ScenarioConfig(p, resilience, availability, plus(name + "=" + value + ": " + requireWhy(why)));
    }

    /** Uses {@code config} for retries, breaker, budget and the socket-timeout guard, saying why. */
    public ScenarioConfig withResilience(ResilienceConfig config, String why) {
        return new ScenarioConfig(urlParameters, config, availability, plus(config + ": " + requireWhy(why)));
    }

    /** Uses {@code config} for the availability check, saying why. */
    public ScenarioConfig withAvailability(AvailabilityConfig config, String why) {
        return new ScenarioConfig(urlParameters, resilience, config, plus("availability check "
                + config.attemptTimeout().toMillis() + " ms per attempt, backoff " + config.baseBackoff().toMillis()
                + ".." + config.maxBackoff().toMillis() + " ms: " + requireWhy(why)));
    }

    /** Adds a note that explains a design choice of the scenario without changing any setting. */
    public ScenarioConfig withNote(String note) {
        return new ScenarioConfig(urlParameters, resilience, availability, plus(requireWhy(note)));
    }

    /**
     * The deliberately weakened pool: no retries, no breaker, no budget, no socket timeout
     * ({@link ResilienceConfig#weakened()}). Scenarios must report {@code fail} with it.
     */
    public ScenarioConfig weakened() {
        return withResilience(ResilienceConfig.weakened(), "deliberately weakened pool: the scenario must fail");
    }

    private List<String> plus(String note) {
        List<String> n = new ArrayList<>(notes);
        n.add(note);
        return n;
    }

    private static String requireWhy(String why) {
        if (why == null || why.isBlank()) {
            throw new IllegalArgumentException("why must say why the scenario departs from the seed plan, but was '"
                    + why + "'");
        }
        return why;
    }

    /** The URL parameters in force, seed plan first. */
    public Map<String, String> urlParameters() {
        return urlParameters;
    }

    /** {@code name=value&...} to append to a database URL. */
    public String query() {
        StringBuilder sb = new StringBuilder();
        urlParameters.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=').append(v));
        return sb.toString();
    }

    public ResilienceConfig resilience() {
        return resilience;
    }

    public AvailabilityConfig availability() {
        return availability;
    }

    /** Where this configuration departs from the seed plan, and why. */
    public List<String> notes() {
        return notes;
    }

    @Override
    public String toString() {
        return "ScenarioConfig{" + query() + ", " + resilience + ", availability " + availability + ", notes="
                + notes + "}";
    }
}
