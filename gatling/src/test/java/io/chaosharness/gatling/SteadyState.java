package io.chaosharness.gatling;

import static io.gatling.javaapi.core.CoreDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * The seed plan's steady load: 200 concurrent users (each one request per second, a login every tenth) on a
 * 15-connection pool. Service-level objectives: p99 &lt; 100 ms, failed &lt; 1 %, zero emergency-admin responses,
 * pool utilisation &lt; 50 % ({@link Load#utilisationCriterion}), health answers &lt; 500 ms.
 *
 * <p>Parameters: {@code -Dusers} (200), {@code -Dsteady.duration} (20 s; 5 m under {@code -Pload}), {@code -Dramp}
 * (5 s), {@code -Dthink} (1 s between a user's iterations; {@code 0} makes it a throughput benchmark), plus the
 * target parameters of {@link LoadTarget}.
 */
public class SteadyState extends Simulation {

    private final int users = Params.integer("users", 200, 1, 5000);
    private final Duration duration = Params.duration("steady.duration",
            Boolean.getBoolean("load.full") ? Duration.ofMinutes(5) : Duration.ofSeconds(20),
            Duration.ofSeconds(1), Duration.ofHours(24));
    private final Duration ramp = Params.duration("ramp", Duration.ofSeconds(5), Duration.ZERO, Duration.ofMinutes(10));
    private final Duration think = Params.duration("think", Duration.ofSeconds(1), Duration.ZERO, Duration.ofMinutes(1));
    private final Load load = new Load("SteadyState", ramp.plus(duration), 1000);
    private HealthSampler health;

    {
        ScenarioBuilder steady = load.pacedUsers("steady state", duration, think);
        setUp(steady.injectOpen(rampUsers(users).during(ramp)))
                .protocols(load.protocol())
                .maxDuration(ramp.plus(duration).plusSeconds(60))
                .assertions(
                        global().responseTime().percentile(99.0).lt(100),
                        global().failedRequests().percent().lt(1.0));
    }

    @Override
    public void before() {
        load.before(users);
        health = load.startHealthSampler(ramp.plus(duration).plusSeconds(60));
    }

    @Override
    public void after() {
        try {
            health.close();
            load.utilisationCriterion(0.5, health);
            load.criterion("health endpoint answers < 500 ms", health.samples() > 0 && health.slowestMs() < 500
                            && health.failures() == 0,
                    "slowest " + health.slowestMs() + " ms, " + health.failures() + " failed samples");
        } finally {
            load.after();
        }
    }
}
