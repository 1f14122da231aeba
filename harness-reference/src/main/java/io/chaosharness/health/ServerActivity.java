package io.chaosharness.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Server-side connection counts from {@code pg_stat_activity} (the seed plan's Appendix C queries).
 *
 * @param totalConnections   all backends
 * @param active             backends in state {@code active}
 * @param idle               backends in state {@code idle}
 * @param utilizationPercent backends against {@code max_connections}, percent
 * @param sources            backends of the current database grouped by application and client address
 * @param error              why the queries failed (masked), {@code null} on success
 */
public record ServerActivity(@JsonProperty("total_connections") Long totalConnections, Long active, Long idle,
                             @JsonProperty("utilization_percent") Double utilizationPercent,
                             List<Source> sources, String error) {

    /** One row of "Identify Connection Sources". */
    public record Source(@JsonProperty("application_name") String applicationName,
                         @JsonProperty("client_addr") String clientAddr,
                         @JsonProperty("connection_count") long connectionCount, List<String> states) {
    }

    static ServerActivity failed(String error) {
        return new ServerActivity(null, null, null, null, List.of(), error);
    }
}
