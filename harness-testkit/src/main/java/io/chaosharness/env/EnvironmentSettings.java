package io.chaosharness.env;

import io.chaosharness.core.Seeds;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one settings object of a run, resolved once: where the database and the proxy come from (kind, target URL,
 * Toxiproxy URL), the run seed, the load caps (most workers per lane, longest scenario), whether the run may write
 * (read-only) and whether database-level faults are allowed against an external target. {@code ./harness run}, the
 * {@code @ChaosTest} extension and the scenario runner all read it, so the same protections hold on every path.
 * Immutable; build with {@link #custom()}, {@link #from(EnvironmentSettings)} or read from the process with
 * {@link #fromSystem()}. Every setter validates and names the field it rejects.
 *
 * <p>Against an external target the environment {@linkplain #ownsSchema() owns a schema}: it creates
 * {@code chaos_harness_run_<random>}, points the pool URL and the admin connections into it, and drops it at the
 * end, so nothing of the run is left in the target. Read-only runs create nothing at all.
 */
public final class EnvironmentSettings {

    /** Variable naming the external database ({@code postgresql://user:password@host:port/db}). */
    public static final String TARGET_URL_VARIABLE = "HARNESS_TARGET_URL";
    /** Variable naming the admin URL of a real Toxiproxy to use instead of the embedded proxy (external only). */
    public static final String TOXIPROXY_URL_VARIABLE = "HARNESS_TOXIPROXY_URL";
    /**
     * Variable naming an existing proxy on the Toxiproxy at {@link #TOXIPROXY_URL_VARIABLE} (the one between a staging
     * application and its database) to drive instead of creating one; only that proxy is touched.
     */
    public static final String TOXIPROXY_PROXY_VARIABLE = "HARNESS_TOXIPROXY_PROXY";
    /** Variable that allows database-level faults against an external database ({@code true}/{@code false}). */
    public static final String ALLOW_DB_FAULTS_VARIABLE = "HARNESS_ALLOW_DB_FAULTS";
    /** Variable with the run seed (a long): the proxy's, the schedules' and the workloads' randomness. */
    public static final String SEED_VARIABLE = "HARNESS_SEED";
    /** Variable that skips write scenarios and creates nothing on the target ({@code true}/{@code false}). */
    public static final String READ_ONLY_VARIABLE = "HARNESS_READ_ONLY";
    /** Variable capping workers per workload lane (1..1000). */
    public static final String MAX_CONCURRENCY_VARIABLE = "HARNESS_MAX_CONCURRENCY";
    /** Variable capping one scenario's planned duration ({@code 90s}, {@code 5m}, {@code PT5M}; 1 s..24 h). */
    public static final String MAX_DURATION_VARIABLE = "HARNESS_MAX_DURATION";

    /** Workers per lane against an external target unless capped otherwise. */
    public static final int EXTERNAL_MAX_CONCURRENCY = 8;
    /** Longest planned scenario against an external target unless capped otherwise. */
    public static final Duration EXTERNAL_MAX_DURATION = Duration.ofMinutes(5);

    /** Variable naming the PostgreSQL image of the containers provider (default {@link ContainerImages#POSTGRES}). */
    public static final String POSTGRES_IMAGE_VARIABLE = "HARNESS_POSTGRES_IMAGE";
    /** Variable naming the Toxiproxy image of the containers provider (default {@link ContainerImages#TOXIPROXY}). */
    public static final String TOXIPROXY_IMAGE_VARIABLE = "HARNESS_TOXIPROXY_IMAGE";

    /** The {@code application_name} the harness's own connections carry; backend faults match it. */
    public static final String DEFAULT_APPLICATION_NAME = "chaos-harness";

    private final EnvironmentKind kind;
    private final TargetUrl targetUrl;
    private final URI toxiproxyUrl;
    private final String existingProxy;
    private final boolean allowDatabaseFaults;
    private final long seed;
    private final String applicationName;
    private final Duration startupTimeout;
    private final Duration controlTimeout;
    private final boolean readOnly;
    private final Integer maxConcurrency;
    private final Duration maxDuration;
    private final Boolean ownsSchema;
    private final String postgresImage;
    private final String toxiproxyImage;

    private EnvironmentSettings(Builder b) {
        this.kind = b.kind;
        this.targetUrl = b.targetUrl;
        this.toxiproxyUrl = b.toxiproxyUrl;
        this.existingProxy = b.existingProxy;
        this.allowDatabaseFaults = b.allowDatabaseFaults;
        this.seed = b.seed;
        this.applicationName = b.applicationName;
        this.startupTimeout = b.startupTimeout;
        this.controlTimeout = b.controlTimeout;
        this.readOnly = b.readOnly;
        this.maxConcurrency = b.maxConcurrency;
        this.maxDuration = b.maxDuration;
        this.ownsSchema = b.ownsSchema;
        this.postgresImage = b.postgresImage;
        this.toxiproxyImage = b.toxiproxyImage;
    }

    public static Builder custom() {
        return new Builder();
    }

    public static Builder from(EnvironmentSettings base) {
        return new Builder(base);
    }

    /** Defaults: automatic kind, fresh seed, no external target. */
    public static EnvironmentSettings ofDefaults() {
        return custom().build();
    }

    /**
     * Settings from system properties and environment variables: {@code harness.env}/{@code HARNESS_ENV},
     * {@code harness.target.url}/{@code HARNESS_TARGET_URL}, {@code harness.toxiproxy.url}/{@code HARNESS_TOXIPROXY_URL},
     * {@code harness.toxiproxy.proxy}/{@code HARNESS_TOXIPROXY_PROXY},
     * {@code harness.allow.db.faults}/{@code HARNESS_ALLOW_DB_FAULTS}, {@code harness.seed}/{@code HARNESS_SEED},
     * {@code harness.read.only}/{@code HARNESS_READ_ONLY}, {@code harness.max.concurrency}/{@code HARNESS_MAX_CONCURRENCY},
     * {@code harness.max.duration}/{@code HARNESS_MAX_DURATION},
     * {@code harness.postgres.image}/{@code HARNESS_POSTGRES_IMAGE}, {@code harness.toxiproxy.image}/{@code HARNESS_TOXIPROXY_IMAGE}.
     */
    public static EnvironmentSettings fromSystem() {
        return fromSources(System.getenv(), System::getProperty);
    }

    /**
     * As {@link #fromSystem()}, but the property names ({@code harness.env}, ...) are looked up in {@code properties}
     * first (e.g. JUnit configuration parameters), then in the system properties.
     */
    public static EnvironmentSettings fromSystem(Function<String, String> properties) {
        return fromSources(System.getenv(), name -> {
            String v = properties.apply(name);
            return v != null ? v : System.getProperty(name);
        });
    }

    /**
     * Settings from the given variables ({@code HARNESS_ENV}, ...) and properties ({@code harness.env}, ...; they win
     * over the variables); the errors name the variable.
     */
    public static EnvironmentSettings fromSources(Map<String, String> env, Function<String, String> sysProps) {
        Builder b = custom();
        String kind = first(sysProps.apply(EnvironmentKind.SYSTEM_PROPERTY), env.get(EnvironmentKind.ENV_VARIABLE));
        if (kind != null) {
            b.kind(EnvironmentKind.parse(kind));
        }
        String target = first(sysProps.apply("harness.target.url"), env.get(TARGET_URL_VARIABLE));
        if (target != null) {
            b.targetUrl(TargetUrl.parse(TARGET_URL_VARIABLE, target));
        }
        String toxiproxy = first(sysProps.apply("harness.toxiproxy.url"), env.get(TOXIPROXY_URL_VARIABLE));
        if (toxiproxy != null) {
            b.toxiproxyUrl(parseUri(TOXIPROXY_URL_VARIABLE, toxiproxy));
        }
        String existing = first(sysProps.apply("harness.toxiproxy.proxy"), env.get(TOXIPROXY_PROXY_VARIABLE));
        if (existing != null) {
            b.existingProxy(TOXIPROXY_PROXY_VARIABLE, existing);
        }
        String allow = first(sysProps.apply("harness.allow.db.faults"), env.get(ALLOW_DB_FAULTS_VARIABLE));
        if (allow != null) {
            b.allowDatabaseFaults(parseBoolean(ALLOW_DB_FAULTS_VARIABLE, allow));
        }
        String seed = first(sysProps.apply("harness.seed"), env.get(SEED_VARIABLE));
        if (seed != null) {
            b.seed(parseSeed(SEED_VARIABLE, seed));
        }
        String readOnly = first(sysProps.apply("harness.read.only"), env.get(READ_ONLY_VARIABLE));
        if (readOnly != null) {
            b.readOnly(parseBoolean(READ_ONLY_VARIABLE, readOnly));
        }
        String concurrency = first(sysProps.apply("harness.max.concurrency"), env.get(MAX_CONCURRENCY_VARIABLE));
        if (concurrency != null) {
            b.maxConcurrency(MAX_CONCURRENCY_VARIABLE, parseInt(MAX_CONCURRENCY_VARIABLE, concurrency));
        }
        String duration = first(sysProps.apply("harness.max.duration"), env.get(MAX_DURATION_VARIABLE));
        if (duration != null) {
            b.maxDuration(MAX_DURATION_VARIABLE, parseDuration(MAX_DURATION_VARIABLE, duration));
        }
        String postgresImage = first(sysProps.apply("harness.postgres.image"), env.get(POSTGRES_IMAGE_VARIABLE));
        if (postgresImage != null) {
            b.postgresImage(POSTGRES_IMAGE_VARIABLE, postgresImage);
        }
        String toxiproxyImage = first(sysProps.apply("harness.toxiproxy.image"), env.get(TOXIPROXY_IMAGE_VARIABLE));
        if (toxiproxyImage != null) {
            b.toxiproxyImage(TOXIPROXY_IMAGE_VARIABLE, toxiproxyImage);
        }
        return b.build();
    }

    /** A whole number for {@code field}, e.g. a seed; the error names the field and the value. */
    public static long parseSeed(String field, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " must be a whole number, but was '" + value + "'", e);
        }
    }

    private static int parseInt(String field, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " must be a whole number, but was '" + value + "'", e);
        }
    }

    /** {@code 500ms}, {@code 90s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT5M}); the error names the field. */
    public static Duration parseDuration(String field, String value) {
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h)").matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(value.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be a duration such as 90s, 5m or 1h, but was '"
                    + value + "'", e);
        }
    }

    private static String first(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
    }

    static URI parseUri(String field, String value) {
        try {
            URI uri = URI.create(value.trim());
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " must be an http://host:port URL, but was '" + value + "'", e);
        }
    }

    private static boolean parseBoolean(String field, String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(field + " must be true or false, but was '" + value + "'");
    }

    /** The kind asked for, or empty for automatic selection. */
    public Optional<EnvironmentKind> kind() {
        return Optional.ofNullable(kind);
    }

    public Optional<TargetUrl> targetUrl() {
        return Optional.ofNullable(targetUrl);
    }

    public Optional<URI> toxiproxyUrl() {
        return Optional.ofNullable(toxiproxyUrl);
    }

    /**
     * The name of an existing proxy on {@link #toxiproxyUrl()} to drive instead of creating one (external only): the
     * proxy between a staging application and its database. The environment refuses to start when it does not exist,
     * is disabled or already has toxics; faults go only to it, and cleanup removes only the toxics the harness added
     * and re-enables it — no other proxy is created, changed or deleted, and the server is never {@code /reset}.
     */
    public Optional<String> existingProxy() {
        return Optional.ofNullable(existingProxy);
    }

    public boolean allowDatabaseFaults() {
        return allowDatabaseFaults;
    }

    public long seed() {
        return seed;
    }

    public String applicationName() {
        return applicationName;
    }

    public Duration startupTimeout() {
        return startupTimeout;
    }

    /** Upper bound for one call to the proxy's control API. */
    public Duration controlTimeout() {
        return controlTimeout;
    }

    /**
     * Whether these settings run against a database the user names: {@code external} asked for, or no kind and a
     * target URL (what {@link Environments#selectKind} then picks).
     */
    public boolean isExternal() {
        return kind == EnvironmentKind.EXTERNAL || kind == null && targetUrl != null;
    }

    /** Skip write scenarios and create nothing on the database (no schema, no table). */
    public boolean readOnly() {
        return readOnly;
    }

    /**
     * The most workers any workload lane may use: the one set, else {@value #EXTERNAL_MAX_CONCURRENCY} against an
     * external target, else uncapped.
     */
    public Optional<Integer> maxConcurrency() {
        if (maxConcurrency != null) {
            return Optional.of(maxConcurrency);
        }
        return isExternal() ? Optional.of(EXTERNAL_MAX_CONCURRENCY) : Optional.empty();
    }

    /** The longest planned scenario: the one set, else 5 min against an external target, else uncapped. */
    public Optional<Duration> maxDuration() {
        if (maxDuration != null) {
            return Optional.of(maxDuration);
        }
        return isExternal() ? Optional.of(EXTERNAL_MAX_DURATION) : Optional.empty();
    }

    /**
     * Whether the environment creates a schema of its own ({@code chaos_harness_run_<random>}), points the pool and
     * the admin connections into it and drops it at the end: as set, else for an external target that is not
     * read-only. A read-only run never owns one (it creates nothing).
     */
    public boolean ownsSchema() {
        if (readOnly) {
            return false;
        }
        return ownsSchema != null ? ownsSchema : isExternal();
    }

    /** Whether database-level faults (terminating backends) may run: always on owned databases, else if allowed. */
    public boolean databaseFaultsPermitted() {
        return !isExternal() || allowDatabaseFaults;
    }

    /**
     * The PostgreSQL image of the containers provider: {@link ContainerImages#POSTGRES} unless a mirror or a
     * substitute is named; any other name is used as a compatible substitute for the official image.
     */
    public String postgresImage() {
        return postgresImage;
    }

    /** The Toxiproxy image of the containers provider: {@link ContainerImages#TOXIPROXY} unless another is named. */
    public String toxiproxyImage() {
        return toxiproxyImage;
    }

    @Override
    public String toString() {
        return "EnvironmentSettings{kind=" + (kind == null ? "auto" : kind.id())
                + ", targetUrl=" + (targetUrl == null ? "-" : targetUrl.masked())
                + ", toxiproxyUrl=" + (toxiproxyUrl == null ? "-" : toxiproxyUrl)
                + (existingProxy == null ? "" : ", existingProxy=" + existingProxy)
                + ", allowDatabaseFaults=" + allowDatabaseFaults + ", seed=" + seed
                + ", applicationName=" + applicationName + ", startupTimeout=" + startupTimeout.toMillis() + "ms"
                + ", controlTimeout=" + controlTimeout.toMillis() + "ms, readOnly=" + readOnly
                + ", maxConcurrency=" + maxConcurrency().map(String::valueOf).orElse("uncapped")
                + ", maxDuration=" + maxDuration().map(d -> d.toMillis() + "ms").orElse("uncapped")
                + ", ownsSchema=" + ownsSchema()
                + ", postgresImage=" + postgresImage + ", toxiproxyImage=" + toxiproxyImage + "}";
    }

    /** Builder; {@link #build()} returns an immutable settings object. */
    public static final class Builder {
        private EnvironmentKind kind;
        private TargetUrl targetUrl;
        private URI toxiproxyUrl;
        private String existingProxy;
        private boolean allowDatabaseFaults;
        private long seed = Seeds.newSeed();
        private String applicationName = DEFAULT_APPLICATION_NAME;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private Duration controlTimeout = Duration.ofSeconds(5);
        private boolean readOnly;
        private Integer maxConcurrency;
        private Duration maxDuration;
        private Boolean ownsSchema;
        private String postgresImage = ContainerImages.POSTGRES;
        private String toxiproxyImage = ContainerImages.TOXIPROXY;

        private Builder() {
        }

        private Builder(EnvironmentSettings base) {
            this.kind = base.kind;
            this.targetUrl = base.targetUrl;
            this.toxiproxyUrl = base.toxiproxyUrl;
            this.existingProxy = base.existingProxy;
            this.allowDatabaseFaults = base.allowDatabaseFaults;
            this.seed = base.seed;
            this.applicationName = base.applicationName;
            this.startupTimeout = base.startupTimeout;
            this.controlTimeout = base.controlTimeout;
            this.readOnly = base.readOnly;
            this.maxConcurrency = base.maxConcurrency;
            this.maxDuration = base.maxDuration;
            this.ownsSchema = base.ownsSchema;
            this.postgresImage = base.postgresImage;
            this.toxiproxyImage = base.toxiproxyImage;
        }

        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /** Caps every lane's workers, 1..1000; {@code null} for the default (8 against external targets). */
        public Builder maxConcurrency(Integer max) {
            return maxConcurrency("maxConcurrency", max);
        }

        /** As {@link #maxConcurrency(Integer)}, naming {@code field} (an option or variable) in the error. */
        public Builder maxConcurrency(String field, Integer max) {
            if (max != null && (max < 1 || max > 1000)) {
                throw new IllegalArgumentException(field + " must be between 1 and 1000, but was " + max);
            }
            this.maxConcurrency = max;
            return this;
        }

        /** Caps a scenario's planned duration, 1 s..24 h; {@code null} for the default (5 min against external). */
        public Builder maxDuration(Duration max) {
            return maxDuration("maxDuration", max);
        }

        /** As {@link #maxDuration(Duration)}, naming {@code field} (an option or variable) in the error. */
        public Builder maxDuration(String field, Duration max) {
            if (max != null && (max.compareTo(Duration.ofSeconds(1)) < 0 || max.compareTo(Duration.ofHours(24)) > 0)) {
                throw new IllegalArgumentException(field + " must be between 1 s and 24 h, but was "
                        + max.toMillis() + "ms");
            }
            this.maxDuration = max;
            return this;
        }

        /** Whether the environment owns a schema ({@code null}: for external targets that are not read-only). */
        public Builder ownsSchema(Boolean owns) {
            this.ownsSchema = owns;
            return this;
        }

        /** The kind; {@code null} means automatic. */
        public Builder kind(EnvironmentKind kind) {
            this.kind = kind;
            return this;
        }

        public Builder targetUrl(TargetUrl targetUrl) {
            this.targetUrl = targetUrl;
            return this;
        }

        public Builder targetUrl(String url) {
            return targetUrl(url == null ? null : TargetUrl.parse("targetUrl", url));
        }

        public Builder toxiproxyUrl(URI toxiproxyUrl) {
            this.toxiproxyUrl = toxiproxyUrl;
            return this;
        }

        /** An existing proxy's name on the Toxiproxy at {@code toxiproxyUrl} (see {@link #existingProxy()}). */
        public Builder existingProxy(String name) {
            return existingProxy("existingProxy", name);
        }

        /** As {@link #existingProxy(String)}, naming {@code field} (an option or variable) in the error. */
        public Builder existingProxy(String field, String name) {
            if (name != null && !name.strip().matches("[A-Za-z0-9._-]{1,200}")) {
                throw new IllegalArgumentException(field + " must be a proxy name (letters, digits, '.', '_', '-'),"
                        + " but was '" + name + "'");
            }
            this.existingProxy = name == null ? null : name.strip();
            return this;
        }

        public Builder allowDatabaseFaults(boolean allow) {
            this.allowDatabaseFaults = allow;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder applicationName(String applicationName) {
            if (applicationName == null || applicationName.isBlank() || applicationName.length() > 63) {
                throw new IllegalArgumentException(
                        "applicationName must be 1 to 63 characters, but was '" + applicationName + "'");
            }
            this.applicationName = applicationName;
            return this;
        }

        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = positive("startupTimeout", startupTimeout);
            return this;
        }

        public Builder controlTimeout(Duration controlTimeout) {
            this.controlTimeout = positive("controlTimeout", controlTimeout);
            return this;
        }

        /** The PostgreSQL image, e.g. {@code registry.example.com/mirror/postgres:17}. */
        public Builder postgresImage(String image) {
            return postgresImage("postgresImage", image);
        }

        /** The Toxiproxy image, e.g. {@code registry.example.com/mirror/toxiproxy:2.12.0}. */
        public Builder toxiproxyImage(String image) {
            return toxiproxyImage("toxiproxyImage", image);
        }

        private Builder postgresImage(String field, String image) {
            this.postgresImage = imageName(field, image);
            return this;
        }

        private Builder toxiproxyImage(String field, String image) {
            this.toxiproxyImage = imageName(field, image);
            return this;
        }

        public EnvironmentSettings build() {
            if (existingProxy != null && toxiproxyUrl == null) {
                throw new IllegalArgumentException("existingProxy '" + existingProxy + "' needs the Toxiproxy it is on "
                        + "(toxiproxyUrl, " + TOXIPROXY_URL_VARIABLE + ")");
            }
            return new EnvironmentSettings(this);
        }

        /** [registry[:port]/]path[:tag][@digest], lower case path components, as Docker accepts it. */
        private static final java.util.regex.Pattern IMAGE_NAME = java.util.regex.Pattern.compile(
                "([a-zA-Z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*"
                        + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?");

        private static String imageName(String field, String image) {
            String v = image == null ? "" : image.trim();
            if (!IMAGE_NAME.matcher(v).matches()) {
                throw new IllegalArgumentException(field + " must be a Docker image name like 'postgres:17' or "
                        + "'registry.example.com:5000/mirror/postgres:17', but was '" + image + "'");
            }
            return v;
        }

        private static Duration positive(String field, Duration d) {
            Objects.requireNonNull(d, field);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(field + " must be positive, but was " + d.toMillis() + "ms");
            }
            return d;
        }
    }
}
