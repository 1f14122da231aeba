package io.chaosharness.scenario;

import io.chaosharness.sut.SystemUnderTest;
import java.util.random.RandomGenerator;

/**
 * What an operation body may use: the system under test, a seeded random source of its own worker, a run-unique
 * sequence number and the ledger of acknowledged writes.
 *
 * @param system   the system under test; every call the body makes on it is part of the recorded call
 * @param sequence a number unique within the run (idempotency keys are built from it)
 * @param runId    unique per run, so keys of different runs never collide
 */
public record OperationContext(SystemUnderTest system, RandomGenerator random, long sequence, String runId,
                               WriteLedger ledger) {
}
