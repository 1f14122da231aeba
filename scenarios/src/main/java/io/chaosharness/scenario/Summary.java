package io.chaosharness.scenario;

import io.chaosharness.core.event.BreakerTransitionEvent;
import io.chaosharness.core.event.OperationEvent;
import io.chaosharness.core.event.Outcome;
import io.chaosharness.core.event.PoolGaugeEvent;
import io.chaosharness.core.Percentiles;
import java.util.List;

/**
 * Key figures of one run ({@code summary} in the result file), from the timeline only. Latencies are the caller's
 * view (operation events: retries and backoff included) of successful and failed operations alike.
 *
 * @param operations      logical operations that ended
 * @param failed          of which failed as seen by the caller
 * @param attempts        physical attempts
 * @param retries         retries scheduled
 * @param budgetRefusals  retries the budget refused
 * @param fallbacks       emergency-admin fallbacks engaged
 * @param avgMs           mean operation latency
 * @param maxUtilisation  highest sampled active/max
 * @param maxMs           slowest operation (additive to schema v1)
 * @param poolTimeouts    pool timeouts (additive to schema v1)
 * @param breakerOpenings transitions of the breaker to {@code OPEN} (additive to schema v1)
 * @param errorRate       failed / operations, 0..1 (additive to schema v1)
 */
public record Summary(long operations, long failed, long attempts, long retries, long budgetRefusals, long fallbacks,
                      double avgMs, double p50Ms, double p95Ms, double p99Ms, double maxUtilisation, double maxMs,
                      long poolTimeouts, long breakerOpenings, double errorRate) {

    /** The figures of {@code timeline}. */
    public static Summary of(RunTimeline timeline) {
        List<OperationEvent> ops = timeline.operations();
        double[] latencies = new double[ops.size()];
        long failed = 0;
        for (int i = 0; i < ops.size(); i++) {
            latencies[i] = ops.get(i).latencyMs();
            if (ops.get(i).outcome() == Outcome.FAILURE) {
                failed++;
            }
        }
        double maxUtil = 0;
        for (PoolGaugeEvent g : timeline.gauges()) {
            maxUtil = Math.max(maxUtil, g.utilisation());
        }
        long openings = 0;
        for (BreakerTransitionEvent b : timeline.breakerTransitions()) {
            if ("OPEN".equals(b.to())) {
                openings++;
            }
        }
        return new Summary(ops.size(), failed, timeline.attempts().size(), timeline.retries().size(),
                timeline.budgetRefusals().size(), timeline.fallbacks().size(), round(Percentiles.mean(latencies)),
                round(p(latencies, 50)), round(p(latencies, 95)), round(p(latencies, 99)), round(maxUtil),
                round(p(latencies, 100)), timeline.poolTimeouts().size(), openings,
                ops.isEmpty() ? 0.0 : (double) failed / ops.size());
    }

    private static double p(double[] values, double p) {
        return values.length == 0 ? 0.0 : Percentiles.of(values, p);
    }

    private static double round(double v) {
        return Double.isNaN(v) ? 0.0 : Math.round(v * 100.0) / 100.0;
    }
}
