package io.chaosharness.blackbox.run;

import io.chaosharness.blackbox.load.ErrorClass;
import io.chaosharness.blackbox.load.LoadDriver;
import io.chaosharness.blackbox.load.RequestOutcome;
import io.chaosharness.blackbox.spec.AppSpec;
import io.chaosharness.blackbox.spec.LoadSettings;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.scenario.Cancellation;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The spec's journeys through the open-model {@link LoadDriver}: each outcome becomes a {@link RequestRecord}
 * ({@code journey/step}, latency from the planned time, {@code HTTP 503} for an unexpected status, else the
 * {@link ErrorClass} name). The driver's own health probes are off: {@link BlackBoxRunner} probes the health endpoint
 * itself, for the scenario's whole planned duration. The driver's {@code CallEvent}s go to a recorder of its own, so
 * each request is on the run's timeline once (as the operation the report charts).
 */
public final class DriverTraffic implements BlackBoxRunner.Traffic {

    private static final Duration POLL = Duration.ofMillis(200);

    private final AppSpec spec;
    private final Map<String, String> environment;
    private final boolean allowNonLoopback;

    /**
     * @param environment      the resolved values of the spec's {@code ${env.*}} ({@link AppSpec#resolveEnvironment})
     * @param allowNonLoopback whether the base URL may be other than loopback (the user said so)
     */
    public DriverTraffic(AppSpec spec, Map<String, String> environment, boolean allowNonLoopback) {
        this.spec = spec;
        this.environment = Map.copyOf(environment);
        this.allowNonLoopback = allowNonLoopback;
    }

    @Override
    public void run(LoadSettings load, long seed, Consumer<RequestRecord> sink, Cancellation cancellation)
            throws InterruptedException {
        LoadDriver driver = LoadDriver.builder(spec).load(load).environment(environment).seed(seed)
                .recorder(new EventRecorder(Clock.systemUTC())).probeHealth(false).allowNonLoopback(allowNonLoopback)
                .listener(o -> sink.accept(record(o))).build();
        try (LoadDriver.LoadRun run = driver.start()) {
            long bound = System.nanoTime() + load.duration().plus(load.requestTimeout()).plusSeconds(15).toNanos();
            while (run.await(POLL) == null) {
                if (cancellation.isCancelled() || System.nanoTime() > bound) {
                    break; // close() abandons what is outstanding
                }
            }
        }
    }

    static RequestRecord record(RequestOutcome o) {
        String cls = o.success() ? null : o.errorClass() == ErrorClass.UNEXPECTED_STATUS ? "HTTP " + o.status()
                : o.errorClass().name();
        return new RequestRecord(o.journey() + "/" + o.step(), o.latencyMs(), o.success(), cls, o.fallback(),
                o.status() == 0 ? null : "HTTP " + o.status());
    }
}
