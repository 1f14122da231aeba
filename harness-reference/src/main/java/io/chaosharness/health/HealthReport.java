package io.chaosharness.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * The seed plan's health response, {@code {"status","connections":{"current","max","utilization"},
 * "metrics":{"success_rate","avg_response_time","last_failure"}}}, with extra members a reader may ignore.
 * {@code connections.current} is the number of <em>active</em> (borrowed) pool connections and {@code max} the
 * configured {@code connection_limit}, so {@code utilization} is the seed's "pool utilisation" criterion.
 *
 * @param status      {@code healthy}, {@code degraded} or {@code unhealthy} (see {@link HealthMetrics#report()})
 * @param connections pool gauges
 * @param metrics     attempt metrics over the last {@value HealthMetrics#HEALTH_WINDOW} attempts
 * @param resilience  retries, budget refusals, pool timeouts, fallbacks and the breaker state
 * @param server      server-side counts from {@code pg_stat_activity}, {@code null} when not queried
 */
@JsonPropertyOrder({"status", "connections", "metrics", "resilience", "server"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record HealthReport(String status, Connections connections, Metrics metrics, Resilience resilience,
                           ServerActivity server) {

    /** Serialises this report (ISO-8601 timestamps). */
    public String toJson() {
        return Json.write(this);
    }

    /** Pool gauges; {@code utilization} as the seed's percent string, {@code utilisation_ratio} as a number. */
    public record Connections(int current, int max, String utilization,
                              @JsonProperty("utilisation_ratio") double utilisationRatio,
                              int total, int idle, int waiting) {
    }

    /**
     * Attempt metrics; the seed's members are strings ("99.2%", "45ms"), the extras numbers. The rates and latencies
     * cover the last {@value HealthMetrics#HEALTH_WINDOW} attempts (the seed plan's window); the {@code status_window_*}
     * members cover what the status is judged on, the attempts of the last {@link HealthMetrics#STATUS_WINDOW}.
     */
    public record Metrics(@JsonProperty("success_rate") String successRate,
                          @JsonProperty("avg_response_time") String avgResponseTime,
                          @JsonProperty("last_failure") Instant lastFailure,
                          @JsonProperty("last_failure_class") String lastFailureClass,
                          @JsonProperty("window_attempts") int windowAttempts,
                          @JsonProperty("success_ratio") double successRatio,
                          @JsonProperty("avg_ms") double avgMs,
                          @JsonProperty("p95_ms") double p95Ms,
                          @JsonProperty("p99_ms") double p99Ms,
                          @JsonProperty("last_success") Instant lastSuccess,
                          @JsonProperty("status_window_attempts") int statusWindowAttempts,
                          @JsonProperty("status_window_success_ratio") double statusWindowSuccessRatio) {
    }

    /** Counters since the metrics started. */
    public record Resilience(long retries, @JsonProperty("budget_refusals") long budgetRefusals,
                             @JsonProperty("pool_timeouts") long poolTimeouts, long fallbacks,
                             String breaker) {
    }
}
