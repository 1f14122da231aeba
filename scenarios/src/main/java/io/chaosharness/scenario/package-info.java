/**
 * Scenario suites: named experiments of an environment, a workload through the system under test
 * ({@link io.chaosharness.sut.SystemUnderTest}; by default the reference design,
 * {@link io.chaosharness.scenario.ReferenceSystem}), a fault schedule and criteria with targets.
 * {@link io.chaosharness.scenario.ScenarioCatalog#all()} lists them, {@link io.chaosharness.scenario.ScenarioRunner}
 * runs one and writes its result file with the result schema's writer ({@link io.chaosharness.result.ResultFiles},
 * {@code docs/result-schema.md}). Verdicts, recovery and summaries are computed from the run's timeline only
 * ({@link io.chaosharness.scenario.RunTimeline}, {@link io.chaosharness.scenario.Measurements}). The design under
 * test is a {@link io.chaosharness.scenario.Design} (the seed plan's by default, or one from a
 * {@link io.chaosharness.scenario.DesignFile}); {@link io.chaosharness.scenario.ScenarioCatalog#all(Design)} puts it
 * under every scenario.
 */
package io.chaosharness.scenario;
