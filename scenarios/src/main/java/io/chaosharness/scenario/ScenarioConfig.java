package io.chaosharness.scenario;

import io.chaosharness.availability.AvailabilityConfig;
import io.chaosharness.core.Secrets;
import io.chaosharness.retry.ResilienceConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The design under test for one scenario: a {@link Design} (by default the seed plan's: pool parameters
 * {@code connection_limit=15&pool_timeout=10&connect_timeout=30&statement_timeout=30000}, 3 retries from a 1 s base,
 * the availability check of 3 × 10 s) and the scenario's own departures from it (usually to shorten a duration). Each
 * departure carries a note saying what and why, and the notes are written to the result's {@code config.notes}.
 * {@link #rebasedOn(Design)} keeps the departures and puts another design under them: that is how
 * {@code ./harness run} puts the user's design under every catalogue scenario. Immutable; each {@code with...}
 * returns a new value.
 */
public final class ScenarioConfig {

    /** The seed plan's URL parameters. */
    public static final Map<String, String> SEED_PARAMETERS = seedParameters();

    /** PBKDF2 iterations for the workload's users (the minimum: the CPU belongs to the workload). */
    public static final int WORKLOAD_HASH_ITERATIONS = 1_000;

    private final Design design;
    private final Map<String, String> urlParameters;
    private final ResilienceConfig resilience;
    private final AvailabilityConfig availability;
    private final List<String> notes;
    /** The departures from the design, in order, so they can be replayed on another design. */
    private final List<UnaryOperator<ScenarioConfig>> departures;

    private ScenarioConfig(Design design, Map<String, String> urlParameters, ResilienceConfig resilience,
                           AvailabilityConfig availability, List<String> notes,
                           List<UnaryOperator<ScenarioConfig>> departures) {
        this.design = Objects.requireNonNull(design, "design");
        this.urlParameters = Collections.unmodifiableMap(new LinkedHashMap<>(urlParameters));
        this.resilience = Objects.requireNonNull(resilience, "resilience");
        this.availability = Objects.requireNonNull(availability, "availability");
        this.notes = List.copyOf(notes);
        this.departures = List.copyOf(departures);
    }

    /** The seed plan's configuration, unchanged. */
    public static ScenarioConfig seedPlan() {
        return of(Design.seed());
    }

    /** {@code design}'s settings, with no departure. */
    public static ScenarioConfig of(Design design) {
        return new ScenarioConfig(design, design.pool(), design.resilience(), design.availability(), List.of(),
                List.of());
    }

    /** The same departures (and notes) on {@code other}: the scenario's own changes stay, the rest is {@code other}. */
    public ScenarioConfig rebasedOn(Design other) {
        ScenarioConfig c = of(other);
        for (UnaryOperator<ScenarioConfig> d : departures) {
            c = d.apply(c);
        }
        return c;
    }

    /** The design under the departures. */
    public Design design() {
        return design;
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
        requireWhy(why);
        Map<String, String> p = new LinkedHashMap<>(urlParameters);
        p.put(name, value);
        return new ScenarioConfig(design, p, resilience, availability, plus(name + "=" + value + ": " + why),
                departed(c -> c.withUrlParameter(name, value, why)));
    }

    /** Uses {@code config} for retries, breaker, budget and the socket-timeout guard, saying why. */
    public ScenarioConfig withResilience(ResilienceConfig config, String why) {
        requireWhy(why);
        return new ScenarioConfig(design, urlParameters, config, availability, plus(config + ": " + why),
                departed(c -> c.withResilience(config, why)));
    }

    /** Uses {@code config} for the availability check, saying why. */
    public ScenarioConfig withAvailability(AvailabilityConfig config, String why) {
        requireWhy(why);
        return new ScenarioConfig(design, urlParameters, resilience, config, plus("availability check "
                + config.attemptTimeout().toMillis() + " ms per attempt, backoff " + config.baseBackoff().toMillis()
                + ".." + config.maxBackoff().toMillis() + " ms: " + why),
                departed(c -> c.withAvailability(config, why)));
    }

    /** Adds a note that explains a design choice of the scenario without changing any setting. */
    public ScenarioConfig withNote(String note) {
        requireWhy(note);
        return new ScenarioConfig(design, urlParameters, resilience, availability, plus(note),
                departed(c -> c.withNote(note)));
    }

    /**
     * The deliberately weakened pool: no retries, no breaker, no budget, no socket timeout
     * ({@link ResilienceConfig#weakened()}). Scenarios must report {@code fail} with it.
     */
    public ScenarioConfig weakened() {
        return withResilience(ResilienceConfig.weakened(), "deliberately weakened pool: the scenario must fail");
    }

    private List<UnaryOperator<ScenarioConfig>> departed(UnaryOperator<ScenarioConfig> departure) {
        List<UnaryOperator<ScenarioConfig>> d = new ArrayList<>(departures);
        d.add(departure);
        return d;
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

    /** Where this configuration departs from its design, and why. */
    public List<String> notes() {
        return notes;
    }

    @Override
    public String toString() {
        // logged and written to the timeline: a secret-named pgjdbc property of the design is masked
        StringBuilder masked = new StringBuilder();
        urlParameters.forEach((k, v) -> masked.append(masked.length() == 0 ? "" : "&").append(k).append('=')
                .append(Secrets.maskValue(k, v)));
        return "ScenarioConfig{design " + design.name() + ", " + masked + ", " + resilience + ", availability "
                + availability + ", notes=" + notes + "}";
    }
}
