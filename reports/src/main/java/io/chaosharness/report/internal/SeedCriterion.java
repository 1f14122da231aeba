package io.chaosharness.report.internal;

import java.util.Optional;

/** The seed plan's success criteria, by the ids of {@code docs/result-schema.md} ({@code seedCriterion}). */
public enum SeedCriterion {
    POOL_UTILISATION("pool-utilisation", "Pool utilisation", "< 50 %"),
    AVAILABILITY_CHECK_FAILURES("availability-check-failures", "Availability-check failures (after retries)", "< 1 %"),
    EMERGENCY_ADMIN_FALLBACKS("emergency-admin-fallbacks", "Emergency-admin fallbacks", "= 0"),
    QUERY_LATENCY("query-latency", "Query latency", "< 100 ms"),
    HEALTH_ENDPOINT_LATENCY("health-endpoint-latency", "Health endpoint latency", "< 500 ms"),
    RETRY_SUCCESS("retry-success", "Retry success", "> 95 %"),
    ERROR_RATE("error-rate", "Errors", "< 1 %");

    private final String id;
    private final String label;
    private final String target;

    SeedCriterion(String id, String label, String target) {
        this.id = id;
        this.label = label;
        this.target = target;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    /** The plan's target, for display. */
    public String target() {
        return target;
    }

    public static Optional<SeedCriterion> byId(String id) {
        if (id != null) {
            for (SeedCriterion c : values()) {
                if (c.id.equalsIgnoreCase(id.trim())) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }
}
