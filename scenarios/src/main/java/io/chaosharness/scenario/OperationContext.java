package io.chaosharness.scenario;

import io.chaosharness.fallback.FallbackAuthenticator;
import io.chaosharness.pool.ReferencePool;
import java.util.random.RandomGenerator;

/**
 * What an operation body may use: the pool under test, the authenticator with its fallback, a seeded random source of
 * its own worker, a run-unique sequence number and the ledger of acknowledged writes.
 *
 * @param sequence a number unique within the run (idempotency keys are built from it)
 * @param runId    unique per run, so keys of different runs never collide
 */
public record OperationContext(ReferencePool pool, FallbackAuthenticator authenticator, RandomGenerator random,
                               long sequence, String runId, WriteLedger ledger) {
}
