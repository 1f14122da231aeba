/**
 * The JUnit 5 extension: {@link io.chaosharness.junit.ChaosTest} on a test class provides the chaos environment, a
 * fault injector, the event recorder and a reference pool by parameter resolution, and removes every fault after
 * each test, pass or fail.
 */
package io.chaosharness.junit;
