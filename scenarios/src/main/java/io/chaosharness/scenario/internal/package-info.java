/** Implementation of the scenario runner: the bounded workload executor and percentile arithmetic. */
package io.chaosharness.scenario.internal;
