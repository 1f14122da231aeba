/** Implementation of the scenario runner: the bounded workload executor. */
package io.chaosharness.scenario.internal;
