package io.chaosharness.sut;

import io.chaosharness.core.PostgresUrl;
import io.chaosharness.core.Secrets;
import io.chaosharness.core.event.EventRecorder;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link SystemUnderTest} gets when it starts.
 *
 * @param name        names this run in log lines, e.g. the scenario's id
 * @param databaseUrl where the database is, through the harness's proxy
 *                    ({@code postgresql://user:password@127.0.0.1:<port>/db?ApplicationName=...}); it carries the
 *                    password. Keep its {@code ApplicationName}: database-level faults (terminated backends) find the
 *                    system's connections by it. {@link #jdbcUrl()}, {@link #username()} and {@link #password()}
 *                    give it in the form JDBC pools take
 * @param recorder    the run's timeline: a system may add its own events (attempts, retries, breaker, pool); the
 *                    harness records the outcome of every call itself
 * @param seed        the seed for any randomness of the system (backoff jitter), so a run can be replayed
 * @param runId       unique per run (idempotency keys and run-scoped secrets are built from it)
 * @param readOnly    whether the run may create nothing: the system must not write fixtures then
 * @param accounts    users (email to password, test fixtures) the workload logs in with; a system that writes
 *                    provisions them in its own user store when not {@code readOnly}
 */
public record SystemContext(String name, String databaseUrl, EventRecorder recorder, long seed, String runId,
                            boolean readOnly, Map<String, String> accounts) {

    public SystemContext {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(databaseUrl, "databaseUrl");
        Objects.requireNonNull(recorder, "recorder");
        Objects.requireNonNull(runId, "runId");
        accounts = Map.copyOf(Objects.requireNonNull(accounts, "accounts"));
    }

    /**
     * {@link #databaseUrl()} as a JDBC URL without the credentials, its parameters kept
     * ({@code jdbc:postgresql://127.0.0.1:<port>/db?ApplicationName=...}): for {@code HikariConfig.setJdbcUrl} or
     * {@code DriverManager}, with {@link #username()} and {@link #password()}.
     */
    public String jdbcUrl() {
        PostgresUrl url = PostgresUrl.parse(databaseUrl);
        StringBuilder sb = new StringBuilder("jdbc:postgresql://")
                .append(url.host().contains(":") ? "[" + url.host() + "]" : url.host()).append(':').append(url.port())
                .append('/').append(encode(url.database()));
        String sep = "?";
        for (Map.Entry<String, String> p : url.params().entrySet()) {
            sb.append(sep).append(encode(p.getKey())).append('=').append(encode(p.getValue()));
            sep = "&";
        }
        return sb.toString();
    }

    /** The database user of {@link #databaseUrl()}. */
    public String username() {
        return PostgresUrl.parse(databaseUrl).user();
    }

    /** The password of {@link #databaseUrl()} ({@code null} when it has none); never log it. */
    public String password() {
        return PostgresUrl.parse(databaseUrl).password();
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "SystemContext{" + name + ", " + Secrets.mask(databaseUrl) + ", seed " + seed + ", run " + runId
                + (readOnly ? ", read-only" : "") + ", " + accounts.size() + " account(s)}";
    }
}
