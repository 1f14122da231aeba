/**
 * One timeline for a run. Every fault applied or removed, every attempt, retry, breaker transition, budget
 * refusal, pool timeout, fallback and gauge sample is a typed {@link io.chaosharness.core.event.HarnessEvent}
 * appended to one {@link io.chaosharness.core.event.EventRecorder}. Scenarios, verdicts and reports read this
 * timeline; nothing keeps a second bookkeeping of its own.
 */
package io.chaosharness.core.event;
