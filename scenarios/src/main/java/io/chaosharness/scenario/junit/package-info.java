/**
 * The catalogue from your own JUnit tests: {@link io.chaosharness.scenario.junit.Catalogue} turns the scenarios into
 * dynamic tests against your {@link io.chaosharness.sut.SystemUnderTest}.
 */
package io.chaosharness.scenario.junit;
