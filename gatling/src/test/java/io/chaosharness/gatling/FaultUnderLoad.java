package io.chaosharness.gatling;

import static io.gatling.javaapi.core.CoreDsl.*;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.ResetPeer;
import io.chaosharness.result.FaultRecord;
import io.chaosharness.result.Recovery;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * 100 users while faults are injected through the Toxiproxy API (toxiproxy-java client): a 2 s outage
 * ({@code enabled:false}: every connection closed, new ones refused) and then a 1 s burst of {@code reset_peer}
 * (every response from PostgreSQL answered with a TCP reset). Objectives: failed &lt; 1 % (retries mask the faults),
 * zero emergency-admin responses, and after each fault the p99 is back under 100 ms within {@code -Dfault.recovery}
 * (5 s): measured from the fault's end to the first of three consecutive 1 s windows whose p99 is under 100 ms.
 *
 * <p>Schedule (from the end of {@code before()}): outage at {@code -Dfault.outage.at} (5 s) for 2 s, reset_peer at
 * {@code -Dfault.reset.at} (15 s) for 1 s; each fault is followed by its recovery limit plus the 3 s the recovery
 * needs to be seen before the next fault or the end. Parameters: {@code -Dfault.users} (100), {@code -Dfault.duration} (25 s;
 * 2 m under {@code -Pload}), {@code -Dthink} (1 s).
 */
public class FaultUnderLoad extends Simulation {

    private final int users = Params.integer("fault.users", 100, 1, 5000);
    private final Duration duration = Params.duration("fault.duration",
            Boolean.getBoolean("load.full") ? Duration.ofMinutes(2) : Duration.ofSeconds(25),
            Duration.ofSeconds(20), Duration.ofHours(2));
    private final Duration ramp = Duration.ofSeconds(3);
    private final Duration think = Params.duration("think", Duration.ofSeconds(1), Duration.ZERO, Duration.ofMinutes(1));
    private final Duration outageAt = Params.duration("fault.outage.at", Duration.ofSeconds(5), Duration.ofSeconds(1),
            Duration.ofHours(1));
    private final Duration outageFor = Duration.ofSeconds(2);
    private final Duration resetAt = Params.duration("fault.reset.at", Duration.ofSeconds(15), Duration.ofSeconds(1),
            Duration.ofHours(1));
    private final Duration resetFor = Duration.ofSeconds(1);
    private final Duration recoveryLimit = Params.duration("fault.recovery", Duration.ofSeconds(5), Duration.ZERO,
            Duration.ofMinutes(10));
    /** Recovery counts once this many consecutive 1 s windows have a p99 under 100 ms. */
    private static final Duration SUSTAIN = Duration.ofSeconds(3);
    private final Load load = new Load("FaultUnderLoad", duration, 1000);
    private final ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fault-schedule");
        t.setDaemon(true);
        return t;
    });
    private final List<long[]> windows = new ArrayList<>(); // [startMs, endMs] per fault, in schedule order
    private long loadStartMs;
    private long loadEndMs;

    {
        Duration observe = recoveryLimit.plus(SUSTAIN);
        if (resetAt.minus(outageAt.plus(outageFor)).compareTo(observe) < 0
                || ramp.plus(duration).compareTo(resetAt.plus(resetFor).plus(observe)) < 0) {
            throw new IllegalArgumentException("fault schedule must leave " + observe.toSeconds() + " s (recovery limit "
                    + recoveryLimit.toSeconds() + " s + " + SUSTAIN.toSeconds() + " s sustained) after each fault, "
                    + "before the next one and the end of fault.duration (" + duration.toSeconds() + " s), but outage at "
                    + outageAt.toSeconds() + " s and reset_peer at " + resetAt.toSeconds() + " s do not");
        }
        ScenarioBuilder users = load.pacedUsers("users under faults", duration, think);
        setUp(users.injectOpen(rampUsers(this.users).during(ramp)))
                .protocols(load.protocol())
                .maxDuration(duration.plusSeconds(60))
                .assertions(global().failedRequests().percent().lt(1.0));
    }

    @Override
    public void before() {
        load.before(users);
        ToxiproxyClient client = load.target.toxiproxy().orElseThrow(() -> new IllegalStateException(
                "FaultUnderLoad needs a Toxiproxy API: -Dtoxiproxy.url=http://127.0.0.1:8474 with -Dtarget.url"));
        loadStartMs = System.currentTimeMillis();
        loadEndMs = loadStartMs + ramp.plus(duration).toMillis();
        String name = load.target.proxyName();
        schedule("f1", "proxy-down", "proxy disabled (enabled:false): connections closed, new ones refused",
                outageAt, outageFor, () -> client.getProxy(name).disable(), () -> client.getProxy(name).enable());
        schedule("f2", "reset-peer", "reset_peer timeout 0 downstream: every response reset",
                resetAt, resetFor,
                () -> client.getProxy(name).toxics().resetPeer("reset-burst", ToxicDirection.DOWNSTREAM, 0),
                () -> {
                    Proxy p = client.getProxy(name);
                    ResetPeer toxic = (ResetPeer) p.toxics().get("reset-burst", ResetPeer.class);
                    toxic.remove();
                });
    }

    private interface Control {
        void run() throws IOException;
    }

    private void schedule(String id, String kind, String description, Duration at, Duration lasting, Control apply,
                          Control remove) {
        long[] window = new long[2];
        synchronized (windows) {
            windows.add(window);
        }
        faults.schedule(() -> {
            try {
                apply.run();
                window[0] = System.currentTimeMillis();
                System.out.println("FaultUnderLoad: " + id + " " + kind + " applied");
                Thread.sleep(lasting.toMillis());
            } catch (IOException | InterruptedException e) {
                System.err.println("FaultUnderLoad: could not apply " + id + ": " + e.getMessage());
            } finally {
                try {
                    remove.run();
                    window[1] = System.currentTimeMillis();
                    System.out.println("FaultUnderLoad: " + id + " " + kind + " removed");
                } catch (IOException e) {
                    System.err.println("FaultUnderLoad: could not remove " + id + ": " + e.getMessage());
                }
            }
            if (window[0] > 0) {
                long offset = window[0] - load.record.startedAt.toEpochMilli();
                load.record.faults.add(new FaultRecord(id, kind, description, offset, window[1] - window[0]));
            }
        }, at.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void after() {
        try {
            faults.shutdownNow();
            faults.awaitTermination(5, TimeUnit.SECONDS);
            List<long[]> w;
            synchronized (windows) {
                w = List.copyOf(windows);
            }
            for (int i = 0; i < w.size(); i++) {
                String id = "f" + (i + 1);
                long end = w.get(i)[1];
                if (end == 0) {
                    load.criterion(id + " applied and removed", false, "fault did not complete");
                    continue;
                }
                long until = i + 1 < w.size() && w.get(i + 1)[0] > 0 ? w.get(i + 1)[0] : loadEndMs;
                Long recovery = load.timeline.recoveryMs(end, until, 100, (int) SUSTAIN.toSeconds());
                load.record.recovery.add(new Recovery(id, null, recovery, recoveryLimit.toMillis()));
                load.criterion("p99 < 100 ms within " + recoveryLimit.toSeconds() + " s after " + id,
                        recovery != null && recovery <= recoveryLimit.toMillis(),
                        recovery == null ? "not recovered before " + (until - end) + " ms" : recovery + " ms (first of 3 consecutive 1 s windows with p99 < 100 ms)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            load.after();
        }
    }
}
