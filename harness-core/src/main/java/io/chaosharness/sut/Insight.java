package io.chaosharness.sut;

/**
 * An internal of a system under test that criteria need but the harness cannot see from outside its calls. A system
 * exposes one by recording its events on {@link SystemContext#recorder()} and saying so with an
 * {@link io.chaosharness.core.event.InsightEvent} (the adapters of {@code harness-adapters} do both in one line); a
 * criterion that needs an insight the system does not expose is {@code not-measured} and names the adapter that would
 * measure it ({@link #hint()}).
 */
public enum Insight {
    /** Pool gauges: connections in use, idle, total, threads waiting, and the pool's size. */
    POOL_GAUGES("pool gauges", "HikariAdapter.observe(dataSource, context)"),
    /** {@code getConnection()} giving up after the pool timeout, with the pool snapshot. */
    POOL_TIMEOUTS("pool timeouts", "HikariAdapter.observe(dataSource, context)"),
    /** Retries the system schedules inside a call (their count per call, their failure classes). */
    RETRIES("retries", "RetryAdapter.observe(retry, context)"),
    /** Circuit-breaker state transitions. */
    CIRCUIT_BREAKER("circuit-breaker transitions", "CircuitBreakerAdapter.observe(circuitBreaker, context)"),
    /** Calls a bulkhead refused. */
    BULKHEAD("bulkhead rejections", "BulkheadAdapter.observe(bulkhead, context)");

    private final String what;
    private final String adapter;

    Insight(String what, String adapter) {
        this.what = what;
        this.adapter = adapter;
    }

    /** What this insight is, in a few words ({@code "retries"}). */
    public String what() {
        return what;
    }

    /** The one line of {@code io.chaosharness:harness-adapters} that exposes it. */
    public String adapter() {
        return adapter;
    }

    /** The sentence a not-measured criterion carries: what the system does not expose, and what would measure it. */
    public String hint() {
        return "the system under test exposes no " + what + "; " + adapter
                + " (io.chaosharness:harness-adapters) in its start() would measure them";
    }
}
