/**
 * The application spec file: what the harness needs to drive and judge any running application over HTTP (base URL,
 * journeys, fallback recogniser, health and metrics endpoints, how to start it, the load). {@link
 * io.chaosharness.blackbox.spec.AppSpec#parse(java.nio.file.Path)} reads YAML or JSON into immutable records and
 * refuses a bad file with a {@link io.chaosharness.blackbox.spec.SpecException} naming file, line and field (exit
 * code 2 on the command line). The format is {@code docs/app-spec.schema.json}.
 */
package io.chaosharness.blackbox.spec;
