package io.chaosharness.gatling;

import static io.gatling.javaapi.core.CoreDsl.*;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * The seed plan's load test: 50 concurrent {@code GET /api/admin/users} at once (its {@code for i in 1..50; curl &}).
 * Every one must succeed. Parameter: {@code -Dburst.users} (50).
 */
public class Burst extends Simulation {

    private final int users = Params.integer("burst.users", 50, 1, 5000);
    private final Load load = new Load("Burst", Duration.ofMinutes(1), 1000);

    {
        setUp(scenario("burst").exec(load.adminUsers()).injectOpen(atOnceUsers(users)))
                .protocols(load.protocol())
                .maxDuration(Duration.ofSeconds(60))
                .assertions(
                        global().allRequests().count().is((long) users),
                        global().successfulRequests().percent().is(100.0));
    }

    @Override
    public void before() {
        load.before(users);
    }

    @Override
    public void after() {
        load.after();
    }
}
