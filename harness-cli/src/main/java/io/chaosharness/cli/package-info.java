/**
 * The {@code ./harness} command line (picocli): {@code run} (the chaos suite, with its safety rules for shared
 * databases and the abort hook), {@code report}, {@code proxy}, {@code app} and {@code env} (the database behind the
 * proxy for the user's own application, which {@link io.chaosharness.cli.AppProcess} can start). Exit codes: 0 pass,
 * 1 criteria not met, 2 usage or configuration error.
 */
package io.chaosharness.cli;
