package io.chaosharness.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.chaosharness.core.event.AttemptEvent;
import java.util.List;
import java.util.Map;

/**
 * The seed plan's admin debug view: the last {@value HealthMetrics#DEBUG_WINDOW} attempts, error-pattern counts
 * (keyed {@code "<class> <sqlState>"}) and retry success/failure rates (over logical operations that needed at
 * least one retry).
 */
public record DebugReport(HealthReport health, List<AttemptEvent> attempts,
                          @JsonProperty("error_patterns") Map<String, Long> errorPatterns,
                          @JsonProperty("retried_operations") long retriedOperations,
                          @JsonProperty("retry_successes") long retrySuccesses,
                          @JsonProperty("retry_failures") long retryFailures,
                          @JsonProperty("retry_success_rate") double retrySuccessRate,
                          @JsonProperty("retry_failure_rate") double retryFailureRate) {

    /** Serialises this report (ISO-8601 timestamps, events with their {@code "type"}). */
    public String toJson() {
        return Json.write(this);
    }
}
