package io.chaosharness.scenario;

import io.chaosharness.availability.AvailabilityConfig;
import io.chaosharness.core.Secrets;
import io.chaosharness.pool.DatabaseUrl;
import io.chaosharness.retry.ResilienceConfig;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A named design under test: the pool parameters of the seed URL ({@code connection_limit}, {@code pool_timeout},
 * {@code connect_timeout}, {@code statement_timeout}, pgjdbc properties) plus retry, circuit-breaker, retry-budget and
 * availability-check settings. {@link #seed()} is the seed plan's design; every other design starts from it and
 * changes what its sources say ({@link #builder(String)}, {@link #set(String, String)}; {@link DesignFile} reads a
 * file of such settings). Immutable; a bad value throws a {@link DesignException} naming the setting and the value
 * ("connection_limit must be between 1 and 10000, but was 0"). Nothing is clamped.
 *
 * <table>
 *   <caption>Settings (the keys of a design file and of the {@code ./harness run} flags)</caption>
 *   <tr><th>key</th><th>seed</th><th>meaning</th></tr>
 *   <tr><td>connection_limit, pool_timeout, connect_timeout, statement_timeout</td><td>15, 10, 30, 30000</td>
 *       <td>the seed URL's pool parameters (connections, s, s, ms)</td></tr>
 *   <tr><td>pgjdbc.NAME</td><td>-</td><td>any pgjdbc connection property ({@code pgjdbc.socketTimeout=20})</td></tr>
 *   <tr><td>retry.enabled, retry.max_retries, retry.base_delay, retry.max_delay, retry.jitter</td>
 *       <td>true, 3, 1s, 30s, 0.5</td><td>retries with exponential backoff and jitter</td></tr>
 *   <tr><td>breaker.enabled, breaker.failure_rate, breaker.window, breaker.minimum_calls, breaker.open_for,
 *       breaker.half_open_calls</td><td>true, 50, 20, 10, 5s, 3</td><td>the circuit breaker</td></tr>
 *   <tr><td>budget.enabled, budget.ratio, budget.min_retries_per_second, budget.window</td><td>true, 0.2, 3, 10s</td>
 *       <td>the shared retry budget</td></tr>
 *   <tr><td>recovery.probe</td><td>true</td><td>the recovery probe: the database's return, not backoff, decides when
 *       calls succeed again (false: retries' backoff and HikariCP's add-connection backoff decide)</td></tr>
 *   <tr><td>availability.attempt_timeout, availability.backoff, availability.max_backoff</td><td>10s, 1s, 4s</td>
 *       <td>{@code isDatabaseAvailable()}: 3 attempts, each bounded, backoff doubling up to the maximum</td></tr>
 * </table>
 */
public final class Design {

    /** The built-in seed plan's name. */
    public static final String SEED_NAME = "seed";

    /** The seed URL's pool parameters, in the order they are shown. */
    public static final List<String> POOL_KEYS = List.of("connection_limit", "pool_timeout", "connect_timeout",
            "statement_timeout");

    /** The largest pool the catalogue can exhaust (a workload lane has at most 1000 workers). */
    public static final int MAX_CONNECTION_LIMIT = 1000;

    /** Prefix of pgjdbc properties in a design file or a design's settings. */
    public static final String PGJDBC_PREFIX = "pgjdbc.";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");

    /** Design keys and the field names the config builders use in their messages (rewritten to the key). */
    private static final Map<String, String> BUILDER_FIELDS = builderFields();

    /** The settings a design file and the flags may set (besides the pool keys and {@code pgjdbc.*}). */
    public static final Set<String> SETTING_KEYS = Collections.unmodifiableSet(BUILDER_FIELDS.keySet());

    /** pgjdbc properties a design may not carry: they belong to the target, not to the design. */
    private static final Set<String> TARGET_PROPERTIES = Set.of("user", "password");

    private static final Design SEED = builder(SEED_NAME).build();

    private final String name;
    private final Map<String, String> pool;
    private final ResilienceConfig resilience;
    private final AvailabilityConfig availability;

    private Design(String name, Map<String, String> pool, ResilienceConfig resilience,
                   AvailabilityConfig availability) {
        this.name = name;
        this.pool = Collections.unmodifiableMap(new LinkedHashMap<>(pool));
        this.resilience = resilience;
        this.availability = availability;
    }

    /**
     * The seed plan's design: {@code connection_limit=15&pool_timeout=10&connect_timeout=30&statement_timeout=30000},
     * 3 retries from 1 s, breaker, budget, availability check 3 × 10 s.
     */
    public static Design seed() {
        return SEED;
    }

    /** A builder for a design named {@code name}, starting from the seed plan's settings. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder named {@code newName} starting from this design's settings (to change some of them). */
    public Builder toBuilder(String newName) {
        Builder b = new Builder(newName);
        b.pool.clear();
        b.pool.putAll(pool);
        b.resilience = ResilienceConfig.from(resilience);
        b.resilienceChanged = resilience != ResilienceConfig.ofDefaults();
        b.attemptTimeout = availability.attemptTimeout();
        b.backoff = availability.baseBackoff();
        b.maxBackoff = availability.maxBackoff();
        return b;
    }

    /** This design renamed. */
    public Design withName(String newName) {
        return new Design(checkName(newName), pool, resilience, availability);
    }

    public String name() {
        return name;
    }

    /** Whether this is the built-in seed plan (by name; a design named {@code seed} has the seed's settings). */
    public boolean isSeed() {
        return SEED_NAME.equals(name);
    }

    /** The URL parameters of the pool: the four pool parameters, then pgjdbc properties. */
    public Map<String, String> pool() {
        return pool;
    }

    /** {@code connection_limit}: the pool's size, from which pool-dependent workloads are derived. */
    public int connectionLimit() {
        return Integer.parseInt(pool.get("connection_limit"));
    }

    /** {@code pool_timeout}: how long a borrower waits for a connection. */
    public Duration poolTimeout() {
        return Duration.ofSeconds(Long.parseLong(pool.get("pool_timeout")));
    }

    public ResilienceConfig resilience() {
        return resilience;
    }

    public AvailabilityConfig availability() {
        return availability;
    }

    /** Every effective setting by its key, secrets masked: what result files record and {@code --dry-run} shows. */
    public Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        pool.forEach((k, v) -> m.put(POOL_KEYS.contains(k) ? k : PGJDBC_PREFIX + k, Secrets.maskValue(k, v)));
        ResilienceConfig r = resilience;
        m.put("retry.enabled", String.valueOf(r.retriesEnabled()));
        m.put("retry.max_retries", String.valueOf(r.maxRetries()));
        m.put("retry.base_delay", duration(r.baseDelay()));
        m.put("retry.max_delay", duration(r.maxDelay()));
        m.put("retry.jitter", String.valueOf(r.jitter()));
        m.put("breaker.enabled", String.valueOf(r.breakerEnabled()));
        m.put("breaker.failure_rate", trim(r.breakerFailureRateThreshold()));
        m.put("breaker.window", String.valueOf(r.breakerSlidingWindowSize()));
        m.put("breaker.minimum_calls", String.valueOf(r.breakerMinimumNumberOfCalls()));
        m.put("breaker.open_for", duration(r.breakerWaitInOpenState()));
        m.put("breaker.half_open_calls", String.valueOf(r.breakerPermittedCallsInHalfOpenState()));
        m.put("budget.enabled", String.valueOf(r.budgetEnabled()));
        m.put("budget.ratio", String.valueOf(r.budgetRatio()));
        m.put("budget.min_retries_per_second", String.valueOf(r.budgetMinRetriesPerSecond()));
        m.put("budget.window", duration(r.budgetWindow()));
        m.put("recovery.probe", String.valueOf(r.recoveryProbeEnabled()));
        m.put("availability.attempt_timeout", duration(availability.attemptTimeout()));
        m.put("availability.backoff", duration(availability.baseBackoff()));
        m.put("availability.max_backoff", duration(availability.maxBackoff()));
        return m;
    }

    /** The settings that differ from the seed plan's, {@code key=value} (secrets masked); empty for the seed. */
    public List<String> changesFromSeed() {
        Map<String, String> seed = SEED.settings();
        Map<String, String> mine = settings();
        return mine.entrySet().stream().filter(e -> !e.getValue().equals(seed.get(e.getKey())))
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    /** One line: the name and what differs from the seed plan. */
    public String describe() {
        List<String> changes = changesFromSeed();
        return "design '" + name + "'" + (changes.isEmpty() ? " (the seed plan's settings)"
                : ": the seed plan's settings with " + String.join(", ", changes));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Design d && d.name.equals(name) && d.settings().equals(settings());
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, settings());
    }

    @Override
    public String toString() {
        return "Design{" + name + ", " + settings() + "}";
    }

    private static String duration(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    private static String trim(float f) {
        return f == Math.rint(f) ? String.valueOf((long) f) : String.valueOf(f);
    }

    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new DesignException("name", "name must be 1 to 40 letters, digits, '.', '_' or '-' (starting with a"
                    + " letter or digit), but was '" + name + "'");
        }
        return name;
    }

    private static Map<String, String> builderFields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("retry.enabled", "retriesEnabled");
        m.put("retry.max_retries", "maxRetries");
        m.put("retry.base_delay", "baseDelay");
        m.put("retry.max_delay", "maxDelay");
        m.put("retry.jitter", "jitter");
        m.put("breaker.enabled", "breakerEnabled");
        m.put("breaker.failure_rate", "breakerFailureRateThreshold");
        m.put("breaker.window", "breakerSlidingWindowSize");
        m.put("breaker.minimum_calls", "breakerMinimumNumberOfCalls");
        m.put("breaker.open_for", "breakerWaitInOpenState");
        m.put("breaker.half_open_calls", "breakerPermittedCallsInHalfOpenState");
        m.put("budget.enabled", "budgetEnabled");
        m.put("budget.ratio", "budgetRatio");
        m.put("budget.min_retries_per_second", "budgetMinRetriesPerSecond");
        m.put("budget.window", "budgetWindow");
        m.put("recovery.probe", "recoveryProbeEnabled");
        m.put("availability.attempt_timeout", "attemptTimeout");
        m.put("availability.backoff", "baseBackoff");
        m.put("availability.max_backoff", "maxBackoff");
        return Collections.unmodifiableMap(m);
    }

    /** The builders' field names in {@code message}, as design keys. */
    private static String withKeys(String message) {
        String out = message;
        for (Map.Entry<String, String> e : BUILDER_FIELDS.entrySet()) {
            out = out.replaceAll("\\b" + Pattern.quote(e.getValue()) + "\\b", Matcher.quoteReplacement(e.getKey()));
        }
        return out;
    }

    /** Collects a design's settings; each {@link #set} validates at once and names the key. */
    public static final class Builder {
        private String name;
        private final Map<String, String> pool = new LinkedHashMap<>(ScenarioConfig.SEED_PARAMETERS);
        private ResilienceConfig.Builder resilience = ResilienceConfig.from(ResilienceConfig.ofDefaults());
        private boolean resilienceChanged;
        private Duration attemptTimeout = AvailabilityConfig.ofDefaults().attemptTimeout();
        private Duration backoff = AvailabilityConfig.ofDefaults().baseBackoff();
        private Duration maxBackoff = AvailabilityConfig.ofDefaults().maxBackoff();

        private Builder(String name) {
            this.name = checkName(name);
        }

        public Builder name(String newName) {
            this.name = checkName(newName);
            return this;
        }

        /**
         * Sets {@code key} (a pool parameter, {@code pgjdbc.NAME}, a pgjdbc property name as in a URL, or one of
         * {@link #SETTING_KEYS}) to {@code value}.
         *
         * @throws DesignException naming the key and the value
         */
        public Builder set(String key, String value) {
            Objects.requireNonNull(key, "key");
            String k = key.strip();
            String v = value == null ? "" : value.strip();
            if (BUILDER_FIELDS.containsKey(k)) {
                try {
                    setSetting(k, v);
                } catch (DesignException e) {
                    throw e;
                } catch (IllegalArgumentException e) {
                    throw new DesignException(k, withKeys(e.getMessage()));
                }
                return this;
            }
            String property = k.startsWith(PGJDBC_PREFIX) ? k.substring(PGJDBC_PREFIX.length()) : k;
            if (!k.startsWith(PGJDBC_PREFIX) && !POOL_KEYS.contains(k) && k.contains(".")) {
                throw new DesignException(k, "unknown setting '" + k + "': known are " + String.join(", ", POOL_KEYS)
                        + ", pgjdbc.<property>, " + String.join(", ", BUILDER_FIELDS.keySet()));
            }
            if (TARGET_PROPERTIES.contains(property)) {
                throw new DesignException(k, "'" + k + "' belongs to the target URL, not to a design");
            }
            if (k.startsWith(PGJDBC_PREFIX) && POOL_KEYS.contains(property)) {
                throw new DesignException(k, "'" + k + "' is a pool parameter: write " + property);
            }
            try {
                // the pool's own parser: the same ranges and the same pgjdbc property list as a database URL
                DatabaseUrl.parse("postgresql://design@localhost:5432/design?" + property + "=" + v);
            } catch (IllegalArgumentException e) {
                String message = e.getMessage();
                throw new DesignException(k, property.equals(k) || !message.startsWith(property) ? message
                        : k + message.substring(property.length()));
            }
            if (property.equals("connection_limit") && Integer.parseInt(v) > MAX_CONNECTION_LIMIT) {
                throw new DesignException(k, k + " must be between 1 and " + MAX_CONNECTION_LIMIT + " for the "
                        + "catalogue's workloads (pool-exhaustion holds every connection with one worker), but was "
                        + v);
            }
            pool.put(property, v);
            return this;
        }

        /**
         * Sets every {@code name=value} of {@code query} ({@code a=1&b=2}), each key prefixed with {@code prefix}
         * ({@code "retry."} for {@code --retry 'max_retries=2'}, {@code ""} for pool parameters); errors start with
         * {@code source} ({@code --pool}, {@code HARNESS_TARGET_URL}).
         */
        public Builder setQuery(String source, String prefix, String query) {
            for (String pair : query.split("&")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new DesignException(source, source + ": expected name=value, but was '" + pair + "'");
                }
                try {
                    set(prefix + pair.substring(0, eq), pair.substring(eq + 1));
                } catch (DesignException e) {
                    throw new DesignException(e.field(), source + ": " + e.getMessage());
                }
            }
            return this;
        }

        private void setSetting(String k, String v) {
            ResilienceConfig.Builder r = resilience;
            resilienceChanged |= !k.startsWith("availability.");
            switch (k) {
                case "retry.enabled" -> r.retriesEnabled(bool(k, v));
                case "retry.max_retries" -> r.maxRetries(integer(k, v));
                case "retry.base_delay" -> r.baseDelay(duration(k, v));
                case "retry.max_delay" -> r.maxDelay(duration(k, v));
                case "retry.jitter" -> r.jitter(decimal(k, v));
                case "breaker.enabled" -> r.breakerEnabled(bool(k, v));
                case "breaker.failure_rate" -> r.breakerFailureRateThreshold((float) decimal(k, v));
                case "breaker.window" -> r.breakerSlidingWindowSize(integer(k, v));
                case "breaker.minimum_calls" -> r.breakerMinimumNumberOfCalls(integer(k, v));
                case "breaker.open_for" -> r.breakerWaitInOpenState(duration(k, v));
                case "breaker.half_open_calls" -> r.breakerPermittedCallsInHalfOpenState(integer(k, v));
                case "budget.enabled" -> r.budgetEnabled(bool(k, v));
                case "budget.ratio" -> r.budgetRatio(decimal(k, v));
                case "budget.min_retries_per_second" -> r.budgetMinRetriesPerSecond(integer(k, v));
                case "budget.window" -> r.budgetWindow(duration(k, v));
                case "recovery.probe" -> r.recoveryProbeEnabled(bool(k, v));
                case "availability.attempt_timeout" -> attemptTimeout = checked(k, duration(k, v));
                case "availability.backoff" -> backoff = checked(k, duration(k, v));
                case "availability.max_backoff" -> maxBackoff = checked(k, duration(k, v));
                default -> throw new IllegalStateException(k);
            }
        }

        /** The ranges {@link AvailabilityConfig} enforces, checked per value so the error names this key. */
        private static Duration checked(String key, Duration d) {
            Duration min = key.equals("availability.attempt_timeout") ? Duration.ofMillis(1) : Duration.ZERO;
            Duration max = Duration.ofMinutes(5);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new DesignException(key, key + " must be between " + min.toMillis() + " ms and "
                        + max.toMillis() + " ms, but was " + d.toMillis() + " ms");
            }
            return d;
        }

        /**
         * The design.
         *
         * @throws DesignException when settings contradict each other (e.g. retry.max_delay below retry.base_delay)
         */
        public Design build() {
            ResilienceConfig r;
            AvailabilityConfig a;
            try {
                // unchanged, the seed plan's own instance: code that asks "is this the default?" keeps working
                r = resilienceChanged ? resilience.build() : ResilienceConfig.ofDefaults();
                a = new AvailabilityConfig(attemptTimeout, backoff, maxBackoff);
            } catch (IllegalArgumentException e) {
                String message = withKeys(e.getMessage());
                throw new DesignException(message.substring(0, Math.max(0, message.indexOf(' '))), message);
            }
            return new Design(name, pool, r, a);
        }
    }

    private static boolean bool(String key, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> throw new DesignException(key, key + " must be true or false, but was '" + v + "'");
        };
    }

    private static int integer(String key, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new DesignException(key, key + " must be a whole number, but was '" + v + "'");
        }
    }

    private static double decimal(String key, String v) {
        try {
            double d = Double.parseDouble(v);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException(v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new DesignException(key, key + " must be a number, but was '" + v + "'");
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m)");

    /** {@code 500ms}, {@code 2s}, {@code 1m}; a unit is required (a bare number is ambiguous). */
    static Duration duration(String key, String v) {
        Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new DesignException(key, key + " must be a duration such as 500ms, 2s or 1m, but was '" + v + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }
}
