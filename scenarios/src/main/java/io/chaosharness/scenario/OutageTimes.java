package io.chaosharness.scenario;

import io.chaosharness.core.event.FallbackEvent;
import io.chaosharness.core.event.OperationEvent;
import io.chaosharness.core.event.Outcome;
import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * How long a design takes to give up once the database is gone: from the start of the first fault window to the
 * first failed operation (what a caller sees as a 503), and to the first emergency-login fallback decision. These are
 * the seed plan's fail-fast question; a design that fails to answer within its target is a finding with the times
 * measured, not a setting to tune away. A time the run never reached is reported as "not reached within" the window
 * observed, which bounds it from below.
 */
public final class OutageTimes {

    private OutageTimes() {
    }

    /** The first operation that failed after the first fault window began came within {@code target} of its start. */
    public static Criterion firstFailedOperationWithin(Duration target) {
        String name = "first failed operation after the outage began";
        return within(name, target, t -> t.operations().stream()
                .filter(o -> o.outcome() == Outcome.FAILURE)
                .map(OperationEvent::at), "failed operation");
    }

    /**
     * The first emergency-admin fallback decision (a login that fell through to the fallback, granted or refused)
     * after the first fault window began came within {@code target} of its start.
     */
    public static Criterion firstEmergencyLoginWithin(Duration target) {
        String name = "first emergency-login fallback after the outage began";
        return within(name, target, t -> t.fallbacks().stream().map(FallbackEvent::at), "fallback");
    }

    private static Criterion within(String name, Duration target, Function<RunTimeline,
            java.util.stream.Stream<Instant>> events, String what) {
        String targetText = "≤ " + seconds(target.toMillis());
        return Criteria.of(name, null, targetText, t -> {
            if (t.faults().isEmpty()) {
                return new CriterionResult(name, null, targetText, "no data: no fault window", Verdict.FAIL, null,
                        (double) target.toMillis(), "the run had no fault window to time from");
            }
            ObservedFault first = t.faults().stream().min(Comparator.comparing(ObservedFault::applied)).orElseThrow();
            Instant began = first.applied();
            Optional<Instant> hit = events.apply(t).filter(at -> !at.isBefore(began)).min(Comparator.naturalOrder());
            if (hit.isEmpty()) {
                long observed = Duration.between(began, t.end()).toMillis();
                long window = first.removed() == null ? observed : Duration.between(began, first.removed()).toMillis();
                return new CriterionResult(name, null, targetText, "not reached within " + seconds(observed)
                        + " (outage " + seconds(window) + ")", Verdict.FAIL, null, (double) target.toMillis(),
                        "no " + what + " between the outage start (" + t.offsetMs(began) + " ms) and the end of the run");
            }
            long ms = Duration.between(began, hit.get()).toMillis();
            boolean ok = ms <= target.toMillis();
            return new CriterionResult(name, null, targetText, seconds(ms) + " after the outage began",
                    ok ? Verdict.PASS : Verdict.FAIL, (double) ms, (double) target.toMillis(),
                    ok ? null : "first " + what + " at " + t.offsetMs(hit.get()) + " ms, outage began at "
                            + t.offsetMs(began) + " ms");
        });
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
