/**
 * The one result schema ({@code docs/result-schema.md}): the types of a scenario result ({@link
 * io.chaosharness.result.ScenarioResult} with its {@link io.chaosharness.result.CriterionResult}s,
 * {@link io.chaosharness.result.FaultRecord}s, {@link io.chaosharness.result.Recovery} entries,
 * {@link io.chaosharness.result.Summary}, {@link io.chaosharness.result.EnvironmentInfo} and
 * {@link io.chaosharness.result.Verdict}; its timeline is the {@code io.chaosharness.core.event} events) and of a
 * Gatling run ({@link io.chaosharness.result.GatlingResult}), and {@link io.chaosharness.result.ResultFiles}, the one
 * writer and reader every module uses, with the one {@link io.chaosharness.result.ResultFiles#SCHEMA_VERSION}.
 */
package io.chaosharness.result;
