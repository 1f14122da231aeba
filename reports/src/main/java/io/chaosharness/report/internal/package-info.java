/**
 * How a report is made: {@link io.chaosharness.report.internal.ResultReader} streams result files (a timeline of
 * 100k events is never held as a tree), {@link io.chaosharness.report.internal.TimelineAggregator} buckets it into
 * small series, {@link io.chaosharness.report.internal.HistoryReader} reads earlier runs,
 * {@link io.chaosharness.report.internal.PoolSizing} reads {@code ./harness size}'s table,
 * {@link io.chaosharness.report.internal.HtmlRenderer} renders the Pebble template, and
 * {@link io.chaosharness.core.Secrets} re-masks anything that looks like a secret. Not a public API.
 */
package io.chaosharness.report.internal;
