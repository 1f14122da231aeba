package io.chaosharness.sut;

import io.chaosharness.core.Secrets;
import io.chaosharness.core.event.EventRecorder;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link SystemUnderTest} gets when it starts.
 *
 * @param name        names this run in log lines, e.g. the scenario's id
 * @param databaseUrl where the database is, through the harness's proxy
 *                    ({@code postgresql://user:password@127.0.0.1:<port>/db?ApplicationName=...}); it carries the
 *                    password. Keep its {@code ApplicationName}: database-level faults (terminated backends) find the
 *                    system's connections by it
 * @param recorder    the run's timeline: a system may add its own events (attempts, retries, breaker, pool); the
 *                    harness records the outcome of every call itself
 * @param seed        the seed for any randomness of the system (backoff jitter), so a run can be replayed
 * @param runId       unique per run (idempotency keys and run-scoped secrets are built from it)
 * @param readOnly    whether the run may create nothing: the system must not write fixtures then
 * @param accounts    users (email to password, test fixtures) the workload logs in with; a system that writes
 *                    provisions them in its own user store when not {@code readOnly}
 */
public record SystemContext(String name, String databaseUrl, EventRecorder recorder, long seed, String runId,
                            boolean readOnly, Map<String, String> accounts) {

    public SystemContext {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(databaseUrl, "databaseUrl");
        Objects.requireNonNull(recorder, "recorder");
        Objects.requireNonNull(runId, "runId");
        accounts = Map.copyOf(Objects.requireNonNull(accounts, "accounts"));
    }

    @Override
    public String toString() {
        return "SystemContext{" + name + ", " + Secrets.mask(databaseUrl) + ", seed " + seed + ", run " + runId
                + (readOnly ? ", read-only" : "") + ", " + accounts.size() + " account(s)}";
    }
}
